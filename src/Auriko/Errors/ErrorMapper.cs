using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Auriko.Http;
using Auriko.Json;

namespace Auriko.Errors
{
    /// <summary>
    /// Turns an error response (or an SSE error event) into the typed exception. Classification uses the HTTP status
    /// and <c>error.code</c> of both documentation eras, never the message text.
    /// </summary>
    internal static class ErrorMapper
    {
        /// <summary>Error bodies are small; anything longer is cut before parsing and quoting.</summary>
        public const int MaxErrorBodyBytes = 1024 * 1024;

        private const int MaxQuotedChars = 200;

        private static readonly HashSet<string> BudgetCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "budget_exceeded", "budget_exhausted" };

        private static readonly HashSet<string> ProviderCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "provider_error", "gateway_unavailable", "upstream_error", "upstream_timeout", "no_providers_available", "no_provider_available",
        };

        /// <summary>HTTP statuses implied by codes, for error events inside a 200 stream that carry no status.</summary>
        private static readonly Dictionary<string, int> CodeStatus = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["invalid_request"] = 400, ["missing_required_parameter"] = 400, ["invalid_parameter_value"] = 400, ["context_length_exceeded"] = 400,
            ["content_filtered"] = 400, ["capability_mismatch"] = 400, ["routing_constraint_unsatisfiable"] = 400, ["unknown_parameter"] = 400,
            ["invalid_api_key"] = 401, ["expired_api_key"] = 401, ["provider_auth_error"] = 401,
            ["budget_exceeded"] = 402, ["budget_exhausted"] = 429, ["insufficient_quota"] = 429,
            ["forbidden"] = 403, ["insufficient_permissions"] = 403,
            ["model_not_found"] = 404, ["not_found"] = 404, ["resource_not_found"] = 404,
            ["rate_limit_exceeded"] = 429, ["tokens_per_min_exceeded"] = 429, ["concurrent_requests_exceeded"] = 429,
            ["internal_error"] = 500, ["server_error"] = 500,
            ["provider_error"] = 502, ["gateway_unavailable"] = 502, ["upstream_error"] = 502, ["upstream_timeout"] = 504,
            ["no_providers_available"] = 503, ["no_provider_available"] = 503, ["service_unavailable"] = 503,
        };

        /// <summary>Maps an HTTP error response.</summary>
        public static AurikoApiException FromResponse(int status, string? reason, ResponseHeaders headers, ArraySegment<byte> body, string? contentType, string? secret)
        {
            ErrorFields fields = default;
            var parsed = false;
            string? text = null;
            try
            {
                text = new UTF8Encoding(false, false).GetString(body.Array!, body.Offset, body.Count);
                if (LooksLikeJson(text))
                {
                    using var doc = JsonDocument.Parse(body.AsMemory());
                    parsed = TryReadEnvelope(doc.RootElement, out fields);
                }
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is FormatException || ex is ArgumentException)
            {
                // Not (usable) JSON after all: fall through to quoting the text. The error stays typed by status.
            }

            if (!parsed || string.IsNullOrEmpty(fields.Message))
            {
                var quoted = Quote(text);
                fields.Message ??= quoted.Length == 0
                    ? $"HTTP {status} {reason} with an empty body"
                    : $"HTTP {status} {reason} with {BodyKind(contentType)} body: {quoted}";
            }

            var error = Create(status, fields, headers, secret);
            error.RawBody = text is null ? null : Redaction.Redact(text.Length > 4096 ? text.Substring(0, 4096) : text, secret);
            return error;
        }

        /// <summary>Maps a <c>data: {"error": {...}}</c> event of a stream (status from the event, else implied by the code).</summary>
        public static AurikoApiException FromStreamEvent(JsonElement root, ResponseHeaders headers, string? secret)
        {
            TryReadEnvelope(root, out var fields);
            var status = root.Int("status") ?? (root.TryProp("error", out var e) ? e.Int("status") ?? e.Int("status_code") : null);
            if (status is null && fields.Code != null && CodeStatus.TryGetValue(fields.Code, out var implied))
            {
                status = implied;
            }

            fields.Message ??= "The server reported an error in the stream";
            return Create(status ?? 0, fields, headers, secret);
        }

        /// <summary>Creates the exception class for <paramref name="status"/> and the fields' code, with the standard message.</summary>
        public static AurikoApiException Create(int status, ErrorFields fields, ResponseHeaders headers, string? secret)
        {
            var code = fields.Code;
            var message = Redaction.Redact(FormatMessage(fields.Message ?? "Request failed", status, code, headers.RequestId), secret);
            var error = Instantiate(status, code, headers, message);
            error.Type = fields.Type;
            error.Param = fields.Param;
            error.Provider = fields.Provider ?? headers.ErrorProvider;
            error.DocUrl = fields.DocUrl;
            error.Suggestion = fields.Suggestion is null ? null : Redaction.Redact(fields.Suggestion, secret);
            error.RequestId = headers.RequestId;
            error.RetryAfter = headers.RetryAfter;
            error.ResponseHeaders = headers;
            return error;
        }

        /// <summary>"&lt;message&gt; (status 429, code rate_limit_exceeded, request req_123)", leaving out what is unknown.</summary>
        public static string FormatMessage(string message, int status, string? code, string? requestId)
        {
            var parts = new List<string>(3);
            if (status > 0)
            {
                parts.Add("status " + status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (!string.IsNullOrEmpty(code))
            {
                parts.Add("code " + code);
            }

            if (!string.IsNullOrEmpty(requestId))
            {
                parts.Add("request " + requestId);
            }

            return parts.Count == 0 ? message : $"{message} ({string.Join(", ", parts)})";
        }

        /// <summary>"an HTML" or "a non-JSON", from the content type (the body is known to be non-empty).</summary>
        internal static string BodyKind(string? contentType) =>
            contentType != null && contentType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0 ? "an HTML" : "a non-JSON";

        /// <summary>
        /// The class table ("Which exception" in src/Auriko/README.md, covering both documentation eras):
        /// a provider code decides the class whatever the status (<c>provider_error</c> passes the upstream status
        /// through), except that a 429 stays a rate limit; otherwise the status decides, and the code within the status.
        /// Retrying is decided by the status (<see cref="RetryPolicy"/>), not by the class.
        /// </summary>
        internal static AurikoApiException Instantiate(int status, string? code, ResponseHeaders headers, string message)
        {
            if (code != null && ProviderCodes.Contains(code))
            {
                return status == 429 ? new RateLimitException(message, status, code) : new ProviderException(message, status, code);
            }

            var budgetHeader = !string.IsNullOrEmpty(headers.BudgetExceeded) && !string.Equals(headers.BudgetExceeded, "false", StringComparison.OrdinalIgnoreCase);
            var isBudgetCode = code != null && BudgetCodes.Contains(code);
            var isQuotaCode = string.Equals(code, "insufficient_quota", StringComparison.OrdinalIgnoreCase);

            switch (status)
            {
                case 400:
                case 413:
                case 422:
                    return new InvalidRequestException(message, status, code);
                case 401:
                    return string.Equals(code, "provider_auth_error", StringComparison.OrdinalIgnoreCase)
                        ? new ProviderAuthException(message, status, code)
                        : new AuthenticationException(message, status, code);
                case 402:
                    // Era A: every credit/budget failure is a 402; an unknown 402 is about money, i.e. credits.
                    return isBudgetCode || (!isQuotaCode && budgetHeader)
                        ? new BudgetExceededException(message, status, code)
                        : new InsufficientCreditsException(message, status, code);
                case 403:
                    return new PermissionDeniedException(message, status, code);
                case 404:
                    return string.Equals(code, "model_not_found", StringComparison.OrdinalIgnoreCase)
                        ? new ModelNotFoundException(message, status, code)
                        : new AurikoApiException(message, status, code);
                case 429:
                    // Era C moved budget and credit exhaustion to 429; they are sticky, not rate limits.
                    if (isBudgetCode || (code is null && budgetHeader))
                    {
                        return new BudgetExceededException(message, status, code);
                    }

                    return isQuotaCode ? new InsufficientCreditsException(message, status, code) : new RateLimitException(message, status, code);
                case 500:
                    return new InternalServerException(message, status, code);
                case 502:
                case 504:
                    return new ProviderException(message, status, code);
                case 503:
                    return string.Equals(code, "service_unavailable", StringComparison.OrdinalIgnoreCase)
                        ? new ServiceUnavailableException(message, status, code)
                        : new ProviderException(message, status, code);
                default:
                    // Without a status (an error event in a stream) the code alone decides, if it is a known one.
                    if (status == 0 && code != null && CodeStatus.TryGetValue(code, out var implied))
                    {
                        var typed = Instantiate(implied, code, headers, message);
                        typed.StatusCode = 0;
                        return typed;
                    }

                    return new AurikoApiException(message, status, code);
            }
        }

        private static bool TryReadEnvelope(JsonElement root, out ErrorFields fields)
        {
            fields = default;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (root.TryProp("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    // {"error": "text", "code": "..."}: a flat shape some proxies use.
                    fields.Message = error.StringOrRaw();
                    fields.Code = root.Str("code");
                    fields.Type = root.Str("type");
                    return true;
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    fields.Message = error.Str("message");
                    fields.Code = error.Str("code");
                    fields.Type = error.Str("type");
                    fields.Param = error.Str("param");
                    fields.Provider = error.Str("provider");
                    fields.DocUrl = error.Str("doc_url");
                    fields.Suggestion = error.Str("suggestion");
                    return true;
                }
            }

            // Bare {"message": ...} or FastAPI-style {"detail": ...}.
            fields.Message = root.Str("message") ?? root.Str("detail");
            fields.Code = root.Str("code");
            fields.Type = root.Str("type");
            return fields.Message != null;
        }

        private static bool LooksLikeJson(string text)
        {
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c))
                {
                    return c == '{' || c == '[';
                }
            }

            return false;
        }

        private static string Quote(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            var sb = new StringBuilder(Math.Min(text!.Length, MaxQuotedChars));
            var lastWasSpace = false;
            foreach (var c in text)
            {
                if (sb.Length >= MaxQuotedChars)
                {
                    sb.Append('\u2026');
                    break;
                }

                var space = char.IsWhiteSpace(c) || char.IsControl(c);
                if (space && (lastWasSpace || sb.Length == 0))
                {
                    continue;
                }

                sb.Append(space ? ' ' : c);
                lastWasSpace = space;
            }

            return sb.ToString().TrimEnd();
        }
    }

    /// <summary>The fields of an error envelope.</summary>
    internal struct ErrorFields
    {
        public string? Message;
        public string? Code;
        public string? Type;
        public string? Param;
        public string? Provider;
        public string? DocUrl;
        public string? Suggestion;
    }
}
