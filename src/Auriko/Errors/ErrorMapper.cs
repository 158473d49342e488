using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Auriko.Http;
using Auriko.Json;

namespace Auriko.Errors
{
    /// <summary>
    /// The one place errors from the server become typed exceptions: HTTP error responses, HTTP 200 bodies that carry
    /// an error, and error events inside a stream all go through <see cref="Create"/>, so the same error maps to the
    /// same class whichever way it arrived. The class is chosen by <c>error.code</c>, then the HTTP status where one is
    /// known, then <c>error.type</c> (see <see cref="Classify"/>); never by message text.
    /// </summary>
    internal static class ErrorMapper
    {
        /// <summary>Error bodies are small; anything longer is cut before parsing and quoting.</summary>
        public const int MaxErrorBodyBytes = 1024 * 1024;

        /// <summary>How much of a non-JSON error body (its first line) a message quotes.</summary>
        private const int MaxQuotedChars = 200;

        /// <summary>Error bodies are quoted whatever their bytes: invalid UTF-8 becomes U+FFFD rather than an exception.</summary>
        private static readonly UTF8Encoding LenientUtf8 = new UTF8Encoding(false, false);

        private static readonly Regex HtmlTitle = new Regex("<title[^>]*>(?<t>.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private static readonly Regex HtmlNoise = new Regex("<(script|style)[^>]*>.*?</\\1>|<!--.*?-->|<[^>]+>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);

        /// <summary>The exception classes, as the tables below name them.</summary>
        private enum Kind
        {
            Api,
            InvalidRequest,
            Authentication,
            ProviderAuth,
            PermissionDenied,
            ModelNotFound,
            RateLimit,
            Budget,
            Credits,
            InternalServer,
            Provider,
            ServiceUnavailable,
        }

        /// <summary>Codes of both documentation eras and the class each means, whatever the status.</summary>
        private static readonly Dictionary<string, Kind> CodeKinds = new Dictionary<string, Kind>(StringComparer.OrdinalIgnoreCase)
        {
            ["invalid_request"] = Kind.InvalidRequest,
            ["missing_required_parameter"] = Kind.InvalidRequest,
            ["invalid_parameter_value"] = Kind.InvalidRequest,
            ["context_length_exceeded"] = Kind.InvalidRequest,
            ["content_filtered"] = Kind.InvalidRequest,
            ["capability_mismatch"] = Kind.InvalidRequest,
            ["routing_constraint_unsatisfiable"] = Kind.InvalidRequest,
            ["unsupported_modalities"] = Kind.InvalidRequest,
            ["unknown_parameter"] = Kind.InvalidRequest,
            ["payload_too_large"] = Kind.InvalidRequest,
            ["invalid_api_key"] = Kind.Authentication,
            ["expired_api_key"] = Kind.Authentication,
            ["missing_api_key"] = Kind.Authentication,
            ["provider_auth_error"] = Kind.ProviderAuth,
            ["budget_exceeded"] = Kind.Budget,
            ["budget_exhausted"] = Kind.Budget,
            ["insufficient_quota"] = Kind.Credits,
            ["insufficient_credits"] = Kind.Credits,
            ["forbidden"] = Kind.PermissionDenied,
            ["insufficient_permissions"] = Kind.PermissionDenied,
            ["model_not_found"] = Kind.ModelNotFound,
            ["not_found"] = Kind.Api,
            ["resource_not_found"] = Kind.Api,
            ["rate_limit_exceeded"] = Kind.RateLimit,
            ["tokens_per_min_exceeded"] = Kind.RateLimit,
            ["concurrent_requests_exceeded"] = Kind.RateLimit,
            ["internal_error"] = Kind.InternalServer,
            ["server_error"] = Kind.InternalServer,
            ["provider_error"] = Kind.Provider,
            ["gateway_unavailable"] = Kind.Provider,
            ["upstream_error"] = Kind.Provider,
            ["upstream_timeout"] = Kind.Provider,
            ["no_providers_available"] = Kind.Provider,
            ["no_provider_available"] = Kind.Provider,
            ["service_unavailable"] = Kind.ServiceUnavailable,
        };

        /// <summary>
        /// Error types (OpenAI's and the gateway's) that name a class unambiguously. <c>api_error</c> is left out on
        /// purpose: the gateway uses it for 500, 502, 503 and 504 alike, so the status decides.
        /// </summary>
        private static readonly Dictionary<string, Kind> TypeKinds = new Dictionary<string, Kind>(StringComparer.OrdinalIgnoreCase)
        {
            ["invalid_request_error"] = Kind.InvalidRequest,
            ["authentication_error"] = Kind.Authentication,
            ["permission_error"] = Kind.PermissionDenied,
            ["permission_denied_error"] = Kind.PermissionDenied,
            ["not_found_error"] = Kind.Api,
            ["rate_limit_error"] = Kind.RateLimit,
            ["server_error"] = Kind.InternalServer,
            ["internal_error"] = Kind.InternalServer,
            ["overloaded_error"] = Kind.ServiceUnavailable,
        };

        /// <summary>Maps an HTTP error response (status 4xx/5xx) from its raw body.</summary>
        public static AurikoApiException FromResponse(int status, string? reason, ResponseHeaders headers, ArraySegment<byte> body, string? contentType, string? secret)
        {
            var text = LenientUtf8.GetString(body.Array!, body.Offset, body.Count);
            var fields = ReadFields(text);
            if (string.IsNullOrEmpty(fields.Message))
            {
                var quoted = FirstLine(text, contentType);
                fields.Message = quoted.Length == 0
                    ? $"HTTP {status} {reason} with an empty body"
                    : $"HTTP {status} {reason} with {BodyKind(contentType, text)} body: {quoted}";
            }

            return Create(status, fields, headers, secret, text);
        }

        /// <summary>
        /// Maps an error that came inside a successful response: an HTTP 200 body or a stream's <c>data:</c> event whose
        /// payload is an error. The status is the payload's own <c>status</c> field when it has one, else unknown.
        /// </summary>
        public static AurikoApiException FromPayload(ReadOnlySpan<byte> payload, ResponseHeaders headers, string? secret)
        {
            var text = LenientUtf8.GetString(payload.ToArray());
            var fields = ReadFields(text);
            fields.Message ??= "The server reported an error";
            return Create(fields.Status ?? 0, fields, headers, secret, text);
        }

        /// <summary>Creates the exception for the fields, with the standard message. <paramref name="status"/> 0 means unknown.</summary>
        public static AurikoApiException Create(int status, ErrorFields fields, ResponseHeaders headers, string? secret, string? rawBody = null)
        {
            var code = fields.Code;
            var message = Redaction.Redact(FormatMessage(fields.Message ?? "Request failed", status, code, headers.RequestId), secret);
            var error = Instantiate(Classify(status, code, fields.Type, headers), status, code, message);
            error.Type = fields.Type;
            error.Param = fields.Param;
            error.Provider = fields.Provider ?? headers.ErrorProvider;
            error.DocUrl = fields.DocUrl;
            error.Suggestion = fields.Suggestion is null ? null : Redaction.Redact(fields.Suggestion, secret);
            error.RequestId = headers.RequestId;
            error.RetryAfter = headers.RetryAfter;
            error.ResponseHeaders = headers;
            error.RawBody = rawBody is null ? null : Redaction.RawBody(rawBody, secret);
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

        /// <summary>
        /// Reads the fields of any error body shape seen in the wild: the OpenAI envelope <c>{"error":{...}}</c>, the flat
        /// <c>{"error":"Bad Gateway","message":"..."}</c>, FastAPI's <c>{"detail":...}</c> (a string, an object or a list
        /// of validation items), a bare <c>{"message":...}</c> and a JSON string. Anything else yields no message.
        /// </summary>
        public static ErrorFields ReadFields(string text)
        {
            if (!LooksLikeJson(text))
            {
                return default;
            }

            try
            {
                using var doc = JsonDocument.Parse(text);
                return ReadFields(doc.RootElement);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException)
            {
                // Not (usable) JSON after all: the caller quotes the text instead.
                return default;
            }
        }

        /// <summary>See <see cref="ReadFields(string)"/>.</summary>
        public static ErrorFields ReadFields(JsonElement root)
        {
            var fields = default(ErrorFields);
            if (root.ValueKind == JsonValueKind.String)
            {
                fields.Message = Nonblank(root.StringOrRaw());
                return fields;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return fields;
            }

            fields.Status = root.Int("status") ?? root.Int("status_code");
            if (root.TryProp("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                fields.Message = Nonblank(error.Str("message")) ?? DetailText(error);
                fields.Code = error.Str("code");
                fields.Type = error.Str("type");
                fields.Param = error.Str("param");
                fields.Provider = error.Str("provider");
                fields.DocUrl = error.Str("doc_url");
                fields.Suggestion = error.Str("suggestion");
                fields.Status ??= error.Int("status") ?? error.Int("status_code");
                return fields;
            }

            fields.Code = root.Str("code");
            fields.Type = root.Str("type");
            fields.Param = root.Str("param");
            var message = Nonblank(root.Str("message")) ?? DetailText(root);
            var errorText = root.TryProp("error", out error) && error.ValueKind == JsonValueKind.String ? Nonblank(error.StringOrRaw()) : null;

            // {"error": "Bad Gateway", "message": "upstream timed out"}: both halves carry meaning.
            fields.Message = errorText != null && message != null && !string.Equals(errorText, message, StringComparison.Ordinal)
                ? errorText + ": " + message
                : errorText ?? message;
            return fields;
        }

        /// <summary>Whether a successful response's JSON object is in fact an error (an <c>error</c> member, or a <c>detail</c> without <c>choices</c>).</summary>
        public static bool IsErrorPayload(bool hasError, bool hasDetail, bool hasChoices) => hasError || (hasDetail && !hasChoices);

        /// <summary>"an HTML", "a plain-text" or "a non-JSON", from the content type and the text.</summary>
        internal static string BodyKind(string? contentType, string? text = null)
        {
            if (IsHtml(contentType, text))
            {
                return "an HTML";
            }

            return contentType != null && contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) ? "a plain-text" : "a non-JSON";
        }

        /// <summary>
        /// The class: by <c>error.code</c> when it is a known one; else by the HTTP status when one is known; else
        /// (an error inside a 200 body or a stream, which has no status of its own) by <c>error.type</c>; else it is an
        /// internal server error, since the server failed mid-answer. The status goes before the type because the
        /// documentation warns against dispatching on type where a status exists: OpenAI-style servers send
        /// <c>invalid_request_error</c> with 401, 404 and 409 alike.
        /// </summary>
        private static Kind Classify(int status, string? code, string? type, ResponseHeaders headers)
        {
            var budgetHeader = !string.IsNullOrEmpty(headers.BudgetExceeded) && !string.Equals(headers.BudgetExceeded, "false", StringComparison.OrdinalIgnoreCase);
            if (code != null && CodeKinds.TryGetValue(code, out var byCode))
            {
                // A provider failure passed through as a 429 is still a rate limit to the caller (it is retried as one).
                return byCode == Kind.Provider && status == 429 ? Kind.RateLimit : byCode;
            }

            switch (status)
            {
                case 400:
                case 413:
                case 422:
                    return Kind.InvalidRequest;
                case 401:
                    return Kind.Authentication;
                case 402:
                    // Era A: every credit/budget failure is a 402; an unknown 402 is about money, i.e. credits.
                    return budgetHeader ? Kind.Budget : Kind.Credits;
                case 403:
                    return Kind.PermissionDenied;
                case 429:
                    return budgetHeader ? Kind.Budget : Kind.RateLimit;
                case 500:
                    return Kind.InternalServer;
                case 502:
                case 503:
                case 504:
                    return Kind.Provider;
                case > 0:
                    return Kind.Api;
            }

            if (type != null && TypeKinds.TryGetValue(type, out var byType))
            {
                // Era C sends budget exhaustion as a rate_limit_error; the budget headers tell it apart.
                return byType == Kind.RateLimit && budgetHeader ? Kind.Budget : byType;
            }

            return Kind.InternalServer;
        }

        private static AurikoApiException Instantiate(Kind kind, int status, string? code, string message) => kind switch
        {
            Kind.InvalidRequest => new InvalidRequestException(message, status, code),
            Kind.Authentication => new AuthenticationException(message, status, code),
            Kind.ProviderAuth => new ProviderAuthException(message, status, code),
            Kind.PermissionDenied => new PermissionDeniedException(message, status, code),
            Kind.ModelNotFound => new ModelNotFoundException(message, status, code),
            Kind.RateLimit => new RateLimitException(message, status, code),
            Kind.Budget => new BudgetExceededException(message, status, code),
            Kind.Credits => new InsufficientCreditsException(message, status, code),
            Kind.InternalServer => new InternalServerException(message, status, code),
            Kind.Provider => new ProviderException(message, status, code),
            Kind.ServiceUnavailable => new ServiceUnavailableException(message, status, code),
            _ => new AurikoApiException(message, status, code),
        };

        /// <summary>FastAPI's <c>detail</c>: a string, an object with a message, or a list of validation items with <c>msg</c>.</summary>
        private static string? DetailText(JsonElement obj)
        {
            if (!obj.TryProp("detail", out var detail))
            {
                return null;
            }

            switch (detail.ValueKind)
            {
                case JsonValueKind.String:
                    return Nonblank(detail.StringOrRaw());
                case JsonValueKind.Object:
                    return Nonblank(detail.Str("message") ?? detail.Str("msg")) ?? detail.GetRawText();
                case JsonValueKind.Array:
                    var parts = new List<string>();
                    foreach (var item in detail.EnumerateArray())
                    {
                        var text = item.ValueKind == JsonValueKind.Object ? item.Str("msg") ?? item.Str("message") : item.StringOrRaw();
                        if (!string.IsNullOrWhiteSpace(text))
                        {
                            var location = item.ValueKind == JsonValueKind.Object && item.TryProp("loc", out var loc) && loc.ValueKind == JsonValueKind.Array
                                ? string.Join(".", EnumerateText(loc)) + ": "
                                : string.Empty;
                            parts.Add(location + text);
                        }
                    }

                    return parts.Count == 0 ? null : string.Join("; ", parts);
                default:
                    return null;
            }
        }

        private static IEnumerable<string> EnumerateText(JsonElement array)
        {
            foreach (var item in array.EnumerateArray())
            {
                yield return item.StringOrRaw();
            }
        }

        private static string? Nonblank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();

        private static bool LooksLikeJson(string text)
        {
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c))
                {
                    return c == '{' || c == '[' || c == '"';
                }
            }

            return false;
        }

        /// <summary>An HTML body: labelled so, or a text that starts with a tag and has an html element.</summary>
        private static bool IsHtml(string? contentType, string? text) =>
            (contentType != null && contentType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0) || LooksLikeHtml(text);

        private static bool LooksLikeHtml(string? text) =>
            text != null && text.TrimStart().StartsWith("<", StringComparison.Ordinal) && text.IndexOf("<html", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// The line of a non-JSON body worth quoting, trimmed and bounded: for HTML the page title (else the first line
        /// of its text without tags), for anything else the first non-blank line.
        /// </summary>
        private static string FirstLine(string? text, string? contentType)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            if (IsHtml(contentType, text))
            {
                var title = HtmlTitle.Match(text);
                var titleText = title.Success ? Collapse(System.Net.WebUtility.HtmlDecode(title.Groups["t"].Value)) : string.Empty;
                if (titleText.Length > 0)
                {
                    return Bound(titleText);
                }

                text = System.Net.WebUtility.HtmlDecode(HtmlNoise.Replace(text, "\n"));
            }

            foreach (var line in text!.Split('\n'))
            {
                var collapsed = Collapse(line);
                if (collapsed.Length > 0)
                {
                    return Bound(collapsed);
                }
            }

            return string.Empty;
        }

        /// <summary>Control characters and runs of white space become one space.</summary>
        private static string Collapse(string text)
        {
            var sb = new StringBuilder(Math.Min(text.Length, MaxQuotedChars + 1));
            var lastWasSpace = true;
            foreach (var c in text)
            {
                var space = char.IsWhiteSpace(c) || char.IsControl(c);
                if (space && lastWasSpace)
                {
                    continue;
                }

                sb.Append(space ? ' ' : c);
                lastWasSpace = space;
                if (sb.Length > MaxQuotedChars)
                {
                    break;
                }
            }

            return sb.ToString().TrimEnd();
        }

        private static string Bound(string text) => text.Length <= MaxQuotedChars ? text : text.Substring(0, MaxQuotedChars) + "\u2026";
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

        /// <summary>A status the payload states itself (stream events and proxies sometimes do).</summary>
        public int? Status;
    }
}
