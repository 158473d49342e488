namespace Auriko
{
    /// <summary>A budget limit was reached (402 <c>budget_exceeded</c>, or 429 <c>budget_exceeded</c>/<c>budget_exhausted</c>). Never retried.</summary>
    public sealed class BudgetExceededException : AurikoApiException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The full message.</param>
        /// <param name="statusCode">The HTTP status, or 0 for client-side errors.</param>
        /// <param name="code">The error code.</param>
        public BudgetExceededException(string message, int statusCode = 0, string? code = null)
            : base(message, statusCode, code)
        {
        }
    }
}
