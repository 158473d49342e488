using System;
using System.Collections.Generic;
using System.Globalization;

namespace Auriko
{
    /// <summary>The HTTP response headers, with typed accessors for the ones Auriko documents. Names compare case-insensitively.</summary>
    public sealed class ResponseHeaders
    {
        /// <summary>No headers (client-side errors, objects built by hand).</summary>
        public static readonly ResponseHeaders Empty = new ResponseHeaders(Array.Empty<KeyValuePair<string, string>>());

        private readonly Dictionary<string, string> _all;

        /// <summary>Creates headers from name/value pairs; repeated names are joined with ", ".</summary>
        /// <param name="headers">The headers.</param>
        public ResponseHeaders(IEnumerable<KeyValuePair<string, string>> headers)
        {
            _all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in headers)
            {
                _all[pair.Key] = _all.TryGetValue(pair.Key, out var existing) ? existing + ", " + pair.Value : pair.Value;
            }

            RequestId = Get("X-Request-ID");
            RateLimitRemaining = ParseInt(Get("X-RateLimit-Remaining-Requests"));
            RateLimitLimit = ParseInt(Get("X-RateLimit-Limit-Requests"));
            RateLimitReset = ParseReset(Get("X-RateLimit-Reset-Requests"));
            CreditsBalanceMicrodollars = ParseLong(Get("X-Credits-Balance-Microdollars"));
            CreditsBalanceUsd = CreditsBalanceMicrodollars / 1_000_000m;
            ProviderUsed = Get("X-Provider-Used");
            RoutingStrategy = Get("X-Routing-Strategy");
            ErrorType = Get("X-Error-Type");
            ErrorProvider = Get("X-Error-Provider");
            ErrorRetryable = ParseBool(Get("X-Error-Retryable"));
            RetryAfter = ParseRetryAfter(Get("Retry-After"), DateTimeOffset.UtcNow);
            BudgetExceeded = Get("X-Budget-Exceeded");
            BudgetExceededPeriod = Get("X-Budget-Exceeded-Period");
            BudgetExceededScope = Get("X-Budget-Exceeded-Scope");
        }

        /// <summary>The request id (<c>X-Request-ID</c>), for support.</summary>
        public string? RequestId { get; }

        /// <summary>Requests left in the window (<c>X-RateLimit-Remaining-Requests</c>).</summary>
        public int? RateLimitRemaining { get; }

        /// <summary>Requests allowed per window (<c>X-RateLimit-Limit-Requests</c>).</summary>
        public int? RateLimitLimit { get; }

        /// <summary>When the window resets (<c>X-RateLimit-Reset-Requests</c>, ISO 8601).</summary>
        public DateTimeOffset? RateLimitReset { get; }

        /// <summary>The credit balance in microdollars (<c>X-Credits-Balance-Microdollars</c>).</summary>
        public long? CreditsBalanceMicrodollars { get; }

        /// <summary>The credit balance in USD.</summary>
        public decimal? CreditsBalanceUsd { get; }

        /// <summary>The provider used (<c>X-Provider-Used</c>); may be absent.</summary>
        public string? ProviderUsed { get; }

        /// <summary>The routing strategy (<c>X-Routing-Strategy</c>); may be absent.</summary>
        public string? RoutingStrategy { get; }

        /// <summary>
        /// The request id for messages: <c>" (request req_1)"</c>, or <c>", request req_1"</c> inside an existing
        /// parenthesis when <paramref name="inParentheses"/>; empty when unknown.
        /// </summary>
        internal static string RequestIdText(ResponseHeaders? headers, bool inParentheses = false) =>
            headers?.RequestId is null ? string.Empty : inParentheses ? ", request " + headers.RequestId : " (request " + headers.RequestId + ")";

        /// <summary>The normalised error category (<c>X-Error-Type</c>).</summary>
        public string? ErrorType { get; }

        /// <summary>The provider that produced the error (<c>X-Error-Provider</c>).</summary>
        public string? ErrorProvider { get; }

        /// <summary>Whether the server says the error is retryable (<c>X-Error-Retryable</c>).</summary>
        public bool? ErrorRetryable { get; }

        /// <summary>How long to wait (<c>Retry-After</c>, seconds or an HTTP date), never negative.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>The <c>X-Budget-Exceeded</c> header.</summary>
        public string? BudgetExceeded { get; }

        /// <summary>The period of the exceeded budget (<c>X-Budget-Exceeded-Period</c>).</summary>
        public string? BudgetExceededPeriod { get; }

        /// <summary>The scope of the exceeded budget (<c>X-Budget-Exceeded-Scope</c>).</summary>
        public string? BudgetExceededScope { get; }

        /// <summary>Every header, case-insensitive.</summary>
        public IReadOnlyDictionary<string, string> All => _all;

        /// <summary>Gets a header by name (case-insensitive); repeated values are joined with ", ".</summary>
        /// <param name="name">The header name.</param>
        /// <returns>The value, or null when absent.</returns>
        public string? Get(string name) => name != null && _all.TryGetValue(name, out var value) ? value : null;

        /// <summary>
        /// The typed values that are present, e.g. <c>RequestId=req_1; Provider=openai; RoutingStrategy=cost;
        /// RateLimit=59/60</c>, so the headers read well in <c>Format-List *</c>, in a CSV cell and in a log line.
        /// </summary>
        public override string ToString()
        {
            var parts = new List<string>(8);
            void Add(string name, string? value)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    parts.Add(name + "=" + value);
                }
            }

            var culture = System.Globalization.CultureInfo.InvariantCulture;
            Add(nameof(RequestId), RequestId);
            Add("Provider", ProviderUsed);
            Add(nameof(RoutingStrategy), RoutingStrategy);
            if (RateLimitRemaining.HasValue || RateLimitLimit.HasValue)
            {
                Add("RateLimit", RateLimitRemaining?.ToString(culture) + "/" + RateLimitLimit?.ToString(culture));
            }

            Add(nameof(CreditsBalanceUsd), CreditsBalanceUsd?.ToString(culture));
            Add(nameof(RetryAfter), RetryAfter?.TotalSeconds.ToString("0.###", culture) + (RetryAfter.HasValue ? " s" : null));
            Add(nameof(ErrorType), ErrorType);
            Add(nameof(BudgetExceeded), BudgetExceeded);
            if (parts.Count == 0)
            {
                parts.Add(_all.Count.ToString(culture) + " header(s)");
            }

            return string.Join("; ", parts);
        }

        internal static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            value = value!.Trim();
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                if (double.IsNaN(seconds) || double.IsInfinity(seconds))
                {
                    return null;
                }

                // Clamp before converting: a hostile "1e300" must not overflow TimeSpan.
                return TimeSpan.FromSeconds(Math.Max(0, Math.Min(seconds, 86400 * 365)));
            }

            if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
            {
                var delta = date - now;
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            return null;
        }

        private static int? ParseInt(string? value) =>
            value != null && int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

        private static long? ParseLong(string? value) =>
            value != null && long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

        private static bool? ParseBool(string? value) =>
            value != null && bool.TryParse(value.Trim(), out var b) ? b : null;

        private static DateTimeOffset? ParseReset(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            {
                return date;
            }

            // Tolerate epoch seconds, which some gateways send instead of ISO 8601.
            return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch) && epoch > 0 && epoch < 253402300799
                ? DateTimeOffset.FromUnixTimeSeconds(epoch)
                : null;
        }
    }
}
