namespace Auriko
{
    /// <summary>A bring-your-own provider key was rejected upstream (401 <c>provider_auth_error</c>).</summary>
    public sealed class ProviderAuthException : AurikoApiException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The full message.</param>
        /// <param name="statusCode">The HTTP status, or 0 for client-side errors.</param>
        /// <param name="code">The error code.</param>
        public ProviderAuthException(string message, int statusCode = 0, string? code = null)
            : base(message, statusCode, code)
        {
        }
    }
}
