namespace Auriko
{
    /// <summary>The request is invalid (400/413/422), or the client rejected it before sending (StatusCode 0, <see cref="AurikoApiException.Param"/> names the field).</summary>
    public sealed class InvalidRequestException : AurikoApiException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The full message.</param>
        /// <param name="statusCode">The HTTP status, or 0 for client-side errors.</param>
        /// <param name="code">The error code.</param>
        public InvalidRequestException(string message, int statusCode = 0, string? code = null)
            : base(message, statusCode, code)
        {
        }

        /// <summary>Creates a client-side validation error (StatusCode 0, code <c>invalid_request</c>).</summary>
        /// <param name="message">What is wrong and how to fix it.</param>
        /// <param name="param">The offending field, e.g. <c>routing.optimize</c>.</param>
        public InvalidRequestException(string message, string? param)
            : base(message, 0, "invalid_request")
        {
            Param = param;
        }
    }
}
