namespace Auriko
{
    /// <summary>The model does not exist (404 <c>model_not_found</c>).</summary>
    public sealed class ModelNotFoundException : AurikoApiException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The full message.</param>
        /// <param name="statusCode">The HTTP status, or 0 for client-side errors.</param>
        /// <param name="code">The error code.</param>
        public ModelNotFoundException(string message, int statusCode = 0, string? code = null)
            : base(message, statusCode, code)
        {
        }
    }
}
