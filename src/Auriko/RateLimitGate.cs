using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Auriko
{
    /// <summary>
    /// Holds back every call that shares it while a rate limit lasts, so a batch of concurrent calls backs off as one.
    /// Give the same instance to each call (<see cref="AurikoCallOptions.RateLimitGate"/>): when any of them is answered
    /// 429 and will be retried, the client pauses the gate for the wait it is about to do (the server's Retry-After, else
    /// the backoff), and every call waits for the gate before each attempt, first sends and other calls' retries alike.
    /// Thread-safe.
    /// </summary>
    public sealed class RateLimitGate
    {
        /// <summary>The longest pause one call can impose, the same cap the client puts on a server's Retry-After.</summary>
        public static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(60);

        /// <summary>Stopwatch timestamp at which the gate opens again; in the past (or 0) while open.</summary>
        private long _opensAt;
        private int _pauses;

        /// <summary>True while calls are held back.</summary>
        public bool IsPaused => Remaining > TimeSpan.Zero;

        /// <summary>How long the gate stays closed from now (zero when open).</summary>
        public TimeSpan Remaining
        {
            get
            {
                var ticks = Volatile.Read(ref _opensAt) - Stopwatch.GetTimestamp();
                return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
            }
        }

        /// <summary>How many times the gate has been paused.</summary>
        public int PauseCount => Volatile.Read(ref _pauses);

        /// <summary>
        /// Closes the gate for <paramref name="wait"/> from now (at most <see cref="MaxPause"/>), or keeps it closed
        /// longer if another pause already reaches further.
        /// </summary>
        /// <param name="wait">How long to hold calls back; zero or negative does nothing.</param>
        public void PauseFor(TimeSpan wait)
        {
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            if (wait > MaxPause)
            {
                wait = MaxPause;
            }

            var opensAt = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
            var current = Volatile.Read(ref _opensAt);
            while (opensAt > current)
            {
                var seen = Interlocked.CompareExchange(ref _opensAt, opensAt, current);
                if (seen == current)
                {
                    Interlocked.Increment(ref _pauses);
                    return;
                }

                current = seen;
            }
        }

        /// <summary>Completes when the gate is open (at once when it is not paused).</summary>
        /// <param name="cancellationToken">Cancels the wait.</param>
        /// <returns>A task that completes once no pause is in force.</returns>
        public Task WaitAsync(CancellationToken cancellationToken = default)
        {
            if (!IsPaused)
            {
                return cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
            }

            return WaitWhilePausedAsync(cancellationToken);
        }

        private async Task WaitWhilePausedAsync(CancellationToken cancellationToken)
        {
            // A loop: another call may extend the pause while this one sleeps.
            TimeSpan remaining;
            while ((remaining = Remaining) > TimeSpan.Zero)
            {
                await Task.Delay((int)Math.Ceiling(remaining.TotalMilliseconds), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
