namespace Auriko
{
    /// <summary>Too many requests (429); see <see cref="AurikoApiException.RetryAfter"/>.</summary>
    public sealed class RateLimitException : AurikoApiException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The full message.</param>
        /// <param name="statusCode">The HTTP status, or 0 for client-side errors.</param>
        /// <param name="code">The error code.</param>
        public RateLimitException(string message, int statusCode = 0, string? code = null)
            : base(message, statusCode, code)
        {
        }
    }
}
