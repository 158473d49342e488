using System;

namespace Auriko.Http
{
    /// <summary>Which failures are retried and how long to wait ("Retries and timeouts" in src/Auriko/README.md).</summary>
    internal static class RetryPolicy
    {
        /// <summary>A server asking for longer than this is waited for this long at most.</summary>
        public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

        private static readonly object RandomLock = new object();
        private static readonly Random Random = new Random();

        /// <summary>408, 409, 429 and every 5xx are transient.</summary>
        public static bool IsRetryableStatus(int status) => status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);

        /// <summary>Whether an API error may be retried: never budget/credit errors, never when the server says <c>X-Error-Retryable: false</c>.</summary>
        public static bool ShouldRetry(AurikoApiException error)
        {
            if (error is BudgetExceededException || error is InsufficientCreditsException)
            {
                return false;
            }

            if (error.ResponseHeaders.ErrorRetryable == false)
            {
                return false;
            }

            return IsRetryableStatus(error.StatusCode);
        }

        /// <summary>
        /// The wait before retry number <paramref name="retry"/> (0 for the first retry): the server's Retry-After
        /// (capped at 60 s) when given, else min(0.5·2^retry, 8) s with ±25 % jitter.
        /// </summary>
        public static TimeSpan ComputeDelay(int retry, TimeSpan? retryAfter) => ComputeDelay(retry, retryAfter, NextJitter());

        /// <summary>As <see cref="ComputeDelay(int, TimeSpan?)"/> with an explicit jitter factor in [-1, 1] (tests).</summary>
        public static TimeSpan ComputeDelay(int retry, TimeSpan? retryAfter, double jitter)
        {
            if (retryAfter is TimeSpan after)
            {
                return after < TimeSpan.Zero ? TimeSpan.Zero : after > MaxRetryAfter ? MaxRetryAfter : after;
            }

            var baseSeconds = Math.Min(0.5 * Math.Pow(2, Math.Max(0, Math.Min(retry, 30))), 8.0);
            var seconds = baseSeconds * (1 + (0.25 * Math.Max(-1, Math.Min(1, jitter))));
            return TimeSpan.FromSeconds(seconds);
        }

        private static double NextJitter()
        {
            lock (RandomLock)
            {
                return (Random.NextDouble() * 2) - 1;
            }
        }
    }
}
