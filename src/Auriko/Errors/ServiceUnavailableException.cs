namespace Auriko
{
    /// <summary>The gateway is temporarily unavailable (503 <c>service_unavailable</c>).</summary>
    public sealed class ServiceUnavailableException : AurikoApiException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The full message.</param>
        /// <param name="statusCode">The HTTP status, or 0 for client-side errors.</param>
        /// <param name="code">The error code.</param>
        public ServiceUnavailableException(string message, int statusCode = 0, string? code = null)
            : base(message, statusCode, code)
        {
        }
    }
}
