namespace Auriko
{
    /// <summary>The key may not do this (403).</summary>
    public sealed class PermissionDeniedException : AurikoApiException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The full message.</param>
        /// <param name="statusCode">The HTTP status, or 0 for client-side errors.</param>
        /// <param name="code">The error code.</param>
        public PermissionDeniedException(string message, int statusCode = 0, string? code = null)
            : base(message, statusCode, code)
        {
        }
    }
}
