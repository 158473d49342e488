namespace Auriko
{
    /// <summary>The upstream provider failed or none was available (502, 504, 503 other than <c>service_unavailable</c>).</summary>
    public sealed class ProviderException : AurikoApiException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The full message.</param>
        /// <param name="statusCode">The HTTP status, or 0 for client-side errors.</param>
        /// <param name="code">The error code.</param>
        public ProviderException(string message, int statusCode = 0, string? code = null)
            : base(message, statusCode, code)
        {
        }
    }
}
