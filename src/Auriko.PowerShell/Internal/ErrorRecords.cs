using System;
using System.Globalization;
using System.Management.Automation;

namespace Auriko.PowerShell.Internal
{
    /// <summary>Turns the client's typed exceptions into ErrorRecords a script can act on.</summary>
    internal static class ErrorRecords
    {
        /// <summary>
        /// One ErrorRecord: Exception = the client's typed exception, ErrorId starting with the
        /// API error code, a real ErrorCategory, TargetObject = the model or id that failed,
        /// and a message that includes the request id. With the session's <paramref name="baseUrl"/>, a 404 caused
        /// by a base URL without /v1 says so (<see cref="BaseUrlHint"/>).
        /// </summary>
        internal static ErrorRecord FromException(Exception exception, object? target, Uri? baseUrl = null)
        {
            var record = new ErrorRecord(exception, ErrorId(exception), Category(exception), target);
            if (exception is AurikoApiException api)
            {
                string message = exception.Message;
                if (!string.IsNullOrEmpty(api.RequestId) && message.IndexOf(api.RequestId, StringComparison.Ordinal) < 0)
                {
                    message += " (request " + api.RequestId + ")";
                }
                var hint = BaseUrlHint.For(exception, baseUrl);
                if (hint != null)
                {
                    message += " " + hint.Problem + " " + hint.Action;
                }

                var details = new ErrorDetails(message);
                string? action = hint?.Action
                    ?? (!string.IsNullOrEmpty(api.Suggestion) ? api.Suggestion
                    : !string.IsNullOrEmpty(api.DocUrl) ? "See " + api.DocUrl
                    : null);
                if (action != null)
                {
                    details.RecommendedAction = action;
                }

                record.ErrorDetails = details;
            }
            return record;
        }

        /// <summary>A record for unusable input detected before any request.</summary>
        internal static ErrorRecord InvalidArgument(string errorId, string message, object? target) =>
            new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);

        internal static string ErrorId(Exception exception)
        {
            switch (exception)
            {
                case AurikoApiException api:
                    if (!string.IsNullOrEmpty(api.Code))
                    {
                        return api.Code!;
                    }

                    if (!string.IsNullOrEmpty(api.Type))
                    {
                        return api.Type!;
                    }

                    return api.StatusCode > 0
                        ? "http_" + api.StatusCode.ToString(CultureInfo.InvariantCulture)
                        : "invalid_request";
                case AurikoConnectionException conn:
                    return conn.IsTimeout ? "timeout" : conn.IsTruncatedStream ? "stream_truncated" : "connection_error";
                case StructuredOutputException structured:
                    return structured.IsValidJson ? "answer_does_not_fit" : "answer_not_json";
                case AurikoException _:
                    return "auriko_error";
                case ArgumentException _:
                    return "invalid_argument";
                default:
                    return exception.GetType().Name;
            }
        }

        internal static ErrorCategory Category(Exception exception)
        {
            switch (exception)
            {
                case AuthenticationException _:
                case ProviderAuthException _:
                    return ErrorCategory.AuthenticationError;
                case PermissionDeniedException _:
                    return ErrorCategory.PermissionDenied;
                case InsufficientCreditsException _:
                case BudgetExceededException _:
                    return ErrorCategory.QuotaExceeded;
                case RateLimitException _:
                    return ErrorCategory.LimitsExceeded;
                case ModelNotFoundException _:
                    return ErrorCategory.ObjectNotFound;
                case InvalidRequestException _:
                    return ErrorCategory.InvalidArgument;
                case InternalServerException _:
                case ProviderException _:
                case ServiceUnavailableException _:
                    return ErrorCategory.ResourceUnavailable;
                case AurikoApiException api:
                    return CategoryFromStatus(api.StatusCode);
                case AurikoConnectionException conn:
                    return conn.IsTimeout ? ErrorCategory.OperationTimeout : ErrorCategory.ConnectionError;
                case TimeoutException _:
                    return ErrorCategory.OperationTimeout;
                case StructuredOutputException _:
                    return ErrorCategory.InvalidResult;
                case ArgumentException _:
                    return ErrorCategory.InvalidArgument;
                default:
                    return ErrorCategory.InvalidOperation;
            }
        }

        private static ErrorCategory CategoryFromStatus(int status)
        {
            switch (status)
            {
                case 400: case 413: case 422: return ErrorCategory.InvalidArgument;
                case 401: return ErrorCategory.AuthenticationError;
                case 402: return ErrorCategory.QuotaExceeded;
                case 403: return ErrorCategory.PermissionDenied;
                case 404: return ErrorCategory.ObjectNotFound;
                case 408: return ErrorCategory.OperationTimeout;
                case 409: return ErrorCategory.ResourceBusy;
                case 429: return ErrorCategory.LimitsExceeded;
                default:
                    return status >= 500 ? ErrorCategory.ResourceUnavailable : ErrorCategory.InvalidOperation;
            }
        }

        /// <summary>
        /// True when the failure is about the account, not the item: the API key is rejected (401)
        /// or there are no credits (402 insufficient credits). Every following item would fail the
        /// same way, so the cmdlet reports it once and skips the rest. A 403, a budget limit, a
        /// timeout or a connection error may not repeat (another model, workspace or moment), so
        /// those fail only their own item.
        /// </summary>
        internal static bool AffectsAllItems(Exception exception) =>
            exception is AuthenticationException || exception is InsufficientCreditsException;
    }
}
