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
    /// Any failure yields no names (completion must stay silent) and is retried after a short pause.
    /// </summary>
    internal static class RegistryCache
    {
        private static readonly TimeSpan s_ttl = TimeSpan.FromMinutes(10);
        private static readonly TimeSpan s_failureTtl = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan s_fetchTimeout = TimeSpan.FromSeconds(5);
        private static readonly ConcurrentDictionary<string, Entry> s_models = new ConcurrentDictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        private static readonly ConcurrentDictionary<string, Entry> s_providers = new ConcurrentDictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);

        private sealed class Entry
        {
            internal Entry(IReadOnlyList<string> names, DateTime expires) { Names = names; Expires = expires; }
            internal IReadOnlyList<string> Names { get; }
            internal DateTime Expires { get; }
        }

        internal static IReadOnlyList<string> ModelNames(AurikoSession? session) =>
            Get(s_models, session, async (client, ct) =>
                (await client.ListRegistryModelsAsync(null, ct).ConfigureAwait(false)).Select(m => m.Id));

        internal static IReadOnlyList<string> ProviderNames(AurikoSession? session) =>
            Get(s_providers, session, async (client, ct) =>
                (await client.ListProvidersAsync(null, ct).ConfigureAwait(false)).Select(p => p.Id));

        /// <summary>Records names a cmdlet already fetched, so completion needs no extra request.</summary>
        internal static void RememberModels(AurikoSession session, IEnumerable<string> names) =>
            s_models[session.BaseUrl.AbsoluteUri] = new Entry(Distinct(names), DateTime.UtcNow + s_ttl);

        internal static void RememberProviders(AurikoSession session, IEnumerable<string> names) =>
            s_providers[session.BaseUrl.AbsoluteUri] = new Entry(Distinct(names), DateTime.UtcNow + s_ttl);

        private static IReadOnlyList<string> Distinct(IEnumerable<string> names) =>
            names.Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.OrdinalIgnoreCase)
                 .OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray();

        private static IReadOnlyList<string> Get(ConcurrentDictionary<string, Entry> cache, AurikoSession? session,
            Func<AurikoClient, CancellationToken, Task<IEnumerable<string>>> fetch)
        {
            try
            {
                session ??= AurikoSession.Default ?? SessionFactory.FromEnvironment(allowNoKey: true);
                if (session == null) return Array.Empty<string>();
                string key = session.BaseUrl.AbsoluteUri;
                if (cache.TryGetValue(key, out var entry) && entry.Expires > DateTime.UtcNow) return entry.Names;
                IReadOnlyList<string> names;
                DateTime expires;
                try
                {
                    using (var cts = new CancellationTokenSource(s_fetchTimeout))
                    {
                        var task = Task.Run(() => fetch(session.Client, cts.Token));
                        names = task.Wait(s_fetchTimeout) ? Distinct(task.Result) : Array.Empty<string>();
                    }
                    expires = DateTime.UtcNow + (names.Count > 0 ? s_ttl : s_failureTtl);
                }
                catch (Exception)
                {
                    names = entry?.Names ?? Array.Empty<string>();
                    expires = DateTime.UtcNow + s_failureTtl;
                }
                cache[key] = new Entry(names, expires);
                return names;
            }
            catch (Exception)
            {
                return Array.Empty<string>();
            }
        }
    }
}
