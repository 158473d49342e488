namespace Auriko
{
    /// <summary>The workspace has no credits left (402, or 429 <c>insufficient_quota</c>). Never retried.</summary>
    public sealed class InsufficientCreditsException : AurikoApiException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The full message.</param>
        /// <param name="statusCode">The HTTP status, or 0 for client-side errors.</param>
        /// <param name="code">The error code.</param>
        public InsufficientCreditsException(string message, int statusCode = 0, string? code = null)
            : base(message, statusCode, code)
        {
        }
    }
}
