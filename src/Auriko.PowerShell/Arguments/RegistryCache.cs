using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Arguments
{
    /// <summary>
    /// Model and provider names from the live registry, cached per base URL, for tab completion.
    /// A Tab waits briefly for a fetch; a slow fetch goes on in the background (until its own
    /// timeout), so a later Tab gets its names. After a failure the previous names (if any) are
    /// kept, and nothing is fetched again for a short while, so a dead registry costs one wait,
    /// not one per Tab. Completion stays silent on every failure.
    /// The timings and the clock are settable internally, so unit tests drive expiry with a fake
    /// clock instead of sleeping against the values.
    /// </summary>
    internal static class RegistryCache
    {
        /// <summary>How long fetched names are used without asking the registry again (10 minutes).</summary>
        internal static TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>After a failed fetch, how long the previous names are used before the next try (30 seconds).</summary>
        internal static TimeSpan FailureLifetime { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>How long one background fetch may run before it counts as failed (5 seconds).</summary>
        internal static TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>How long a Tab waits for a fetch before completing with the names it has (1.5 seconds).</summary>
        internal static TimeSpan TabWait { get; set; } = TimeSpan.FromMilliseconds(1500);

        /// <summary>The clock the lifetimes are measured with (UTC).</summary>
        internal static Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        private static readonly object Gate = new object();
        private static readonly ConcurrentDictionary<string, Entry> ModelEntries = new ConcurrentDictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        private static readonly ConcurrentDictionary<string, Entry> ProviderEntries = new ConcurrentDictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        private static readonly ConcurrentDictionary<string, Task<IReadOnlyList<string>>> Fetches = new ConcurrentDictionary<string, Task<IReadOnlyList<string>>>(StringComparer.OrdinalIgnoreCase);

        private sealed class Entry
        {
            internal Entry(IReadOnlyList<string> names, DateTime expires) { Names = names; Expires = expires; }
            internal IReadOnlyList<string> Names { get; }
            internal DateTime Expires { get; }
        }

        internal static IReadOnlyList<string> ModelNames(AurikoSession? session) =>
            Get(ModelEntries, "models|", session, async (client, ct) =>
                (await client.ListRegistryModelsAsync(null, ct).ConfigureAwait(false)).Select(m => m.Id));

        internal static IReadOnlyList<string> ProviderNames(AurikoSession? session) =>
            Get(ProviderEntries, "providers|", session, async (client, ct) =>
                (await client.ListProvidersAsync(null, ct).ConfigureAwait(false)).Select(p => p.Id));

        /// <summary>Records the registry names a cmdlet already fetched, so completion needs no extra request. Registry names only: the directory is a subset and must not replace them.</summary>
        internal static void RememberModels(AurikoSession session, IEnumerable<string> names) =>
            ModelEntries[session.BaseUrl.AbsoluteUri] = new Entry(Distinct(names), UtcNow() + Lifetime);

        internal static void RememberProviders(AurikoSession session, IEnumerable<string> names) =>
            ProviderEntries[session.BaseUrl.AbsoluteUri] = new Entry(Distinct(names), UtcNow() + Lifetime);

        private static string[] Distinct(IEnumerable<string> names) =>
            names.Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.OrdinalIgnoreCase)
                 .OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray();

        private static IReadOnlyList<string> Get(ConcurrentDictionary<string, Entry> cache, string kind, AurikoSession? session,
            Func<AurikoClient, CancellationToken, Task<IEnumerable<string>>> fetch)
        {
            try
            {
                session ??= AurikoSession.Default ?? SessionFactory.FromEnvironment(allowNoKey: true);
                if (session == null)
                {
                    return Array.Empty<string>();
                }

                string key = session.BaseUrl.AbsoluteUri;
                cache.TryGetValue(key, out var entry);
                // Fresh names, or a recent failure: no request.
                if (entry != null && entry.Expires > UtcNow())
                {
                    return entry.Names;
                }

                IReadOnlyList<string> stale = entry?.Names ?? Array.Empty<string>();
                Task<IReadOnlyList<string>> task;
                lock (Gate)
                {
                    // A fetch still running is joined, not repeated; a finished one is history.
                    if (!Fetches.TryGetValue(kind + key, out task!) || task.IsCompleted)
                    {
                        task = Fetch(cache, key, session.Client, fetch, stale);
                        Fetches[kind + key] = task;
                    }
                }
                return task.Wait(TabWait) ? task.Result : stale;
            }
            catch (Exception)
            {
                return Array.Empty<string>();
            }
        }

        /// <summary>One fetch in the background; never faults: on failure it caches the stale names for a while.</summary>
        private static Task<IReadOnlyList<string>> Fetch(ConcurrentDictionary<string, Entry> cache, string key,
            AurikoClient client, Func<AurikoClient, CancellationToken, Task<IEnumerable<string>>> fetch, IReadOnlyList<string> stale) =>
            Task.Run(async () =>
            {
                var cts = new CancellationTokenSource(FetchTimeout);
                try
                {
                    var names = Distinct(await fetch(client, cts.Token).ConfigureAwait(false));
                    if (names.Length == 0)
                    {
                        throw new InvalidOperationException("The registry returned no names.");
                    }

                    cache[key] = new Entry(names, UtcNow() + Lifetime);
                    return names;
                }
                catch (Exception)
                {
                    cache[key] = new Entry(stale, UtcNow() + FailureLifetime);
                    return stale;
                }
                finally
                {
                    // Cancel first, so a request still running stops, then release the timer.
                    cts.Cancel();
                    cts.Dispose();
                }
            });
    }
}
