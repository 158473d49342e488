using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace Auriko.Http
{
    /// <summary>
    /// One long-lived, thread-safe <see cref="HttpClient"/> per proxy configuration, shared by every client in the
    /// process (and every PowerShell runspace): connections are reused and sockets are never exhausted.
    /// </summary>
    /// <remarks>
    /// At most <see cref="MaxCachedClients"/> configurations are cached. A further one displaces a cached one, which is
    /// forgotten, not disposed: clients that hold it keep working and the GC takes it once they are gone. So the cache
    /// never grows without bound, and every configuration in use is still pooled (an earlier version created an
    /// uncached HttpClient per AurikoClient once full, so even the default configuration could lose pooling for good).
    /// </remarks>
    internal static class HttpClientPool
    {
        /// <summary>Distinct proxy configurations kept; a process rarely uses more than a handful.</summary>
        internal const int MaxCachedClients = 32;

        /// <summary>Connections per server: high enough that parallel pipelines are not serialised.</summary>
        internal const int MaxConnectionsPerServer = 256;

        private static readonly ConcurrentDictionary<ProxyKey, Lazy<HttpClient>> Clients = new ConcurrentDictionary<ProxyKey, Lazy<HttpClient>>();

        /// <summary>Serialises misses only (eviction and insertion), so the bound is exact; hits stay lock-free.</summary>
        private static readonly object InsertGate = new object();

        private static int _tlsChecked;

        /// <summary>How many configurations are cached (tests).</summary>
        internal static int CachedCount => Clients.Count;

        public static HttpClient Get(IWebProxy? proxy)
        {
            var key = ProxyKey.Of(proxy);
            if (Clients.TryGetValue(key, out var cached))
            {
                return cached.Value;
            }

            lock (InsertGate)
            {
                if (!Clients.TryGetValue(key, out cached))
                {
                    foreach (var displaced in Clients.Keys)
                    {
                        if (Clients.Count < MaxCachedClients)
                        {
                            break;
                        }

                        Clients.TryRemove(displaced, out _);
                    }

                    cached = new Lazy<HttpClient>(() => Create(proxy), LazyThreadSafetyMode.ExecutionAndPublication);
                    Clients[key] = cached;
                }
            }

            // Created outside the lock: building a handler must not hold up other configurations.
            return cached.Value;
        }

        /// <summary>
        /// .NET Framework before 4.7 (or with old registry defaults) offers only SSL 3 and TLS 1.0; the API needs TLS 1.2.
        /// Adds TLS 1.2 (and 1.3 where the runtime knows it) to an explicit protocol set, removing nothing.
        /// <c>SystemDefault</c> (0) is left alone: the OS then chooses, which already includes them.
        /// Certificate validation is never touched.
        /// </summary>
        internal static SecurityProtocolType WithModernTls(SecurityProtocolType current)
        {
            if (current == 0)
            {
                return current;
            }

            var result = current | SecurityProtocolType.Tls12;
            const int Tls13 = 12288;
            if (Enum.IsDefined(typeof(SecurityProtocolType), Tls13))
            {
                result |= (SecurityProtocolType)Tls13;
            }

            return result;
        }

        private static void EnsureModernTlsOnNetFramework()
        {
            if (Interlocked.Exchange(ref _tlsChecked, 1) != 0
                || !RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            try
            {
                var current = ServicePointManager.SecurityProtocol;
                var wanted = WithModernTls(current);
                if (wanted != current)
                {
                    ServicePointManager.SecurityProtocol = wanted;
                }
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is ArgumentException)
            {
                // The runtime refused the combination; its own setting stays.
            }
        }

        private static HttpClient Create(IWebProxy? proxy)
        {
            // Timeouts are per attempt (a CancellationTokenSource per attempt, an idle timer per stream), so the
            // shared client itself must never time out a long stream.
            var handler = TryCreateSocketsHandler(proxy) ?? CreateClassicHandler(proxy);
            return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        }

        /// <summary>
        /// On .NET (PowerShell 7) builds a SocketsHttpHandler through its public API. It is not part of netstandard2.0,
        /// hence reflection. Two settings matter and have no HttpClientHandler equivalent: a response disposed while
        /// unread must close the connection at once instead of draining it for up to 2 s (stream cancellation and idle
        /// timeouts rely on that), and pooled connections are recycled so the process-wide client follows DNS changes.
        /// </summary>
        private static HttpMessageHandler? TryCreateSocketsHandler(IWebProxy? proxy)
        {
            var type = Type.GetType("System.Net.Http.SocketsHttpHandler, System.Net.Http", throwOnError: false);
            if (type is null || type.GetProperty("IsSupported", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is false)
            {
                return null;
            }

            HttpMessageHandler? handler = null;
            try
            {
                handler = (HttpMessageHandler)Activator.CreateInstance(type)!;
                void Set(string name, object value) => type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!.SetValue(handler, value);
                Set("AutomaticDecompression", DecompressionMethods.GZip | DecompressionMethods.Deflate);
                Set("UseCookies", false);
                Set("AllowAutoRedirect", false);
                Set("MaxConnectionsPerServer", MaxConnectionsPerServer);
                Set("MaxResponseDrainSize", 0);
                Set("PooledConnectionLifetime", TimeSpan.FromMinutes(5));
                Set("PooledConnectionIdleTimeout", TimeSpan.FromMinutes(1));
                if (proxy != null)
                {
                    Set("Proxy", proxy);
                    Set("UseProxy", true);
                }

                return handler;
            }
            catch (Exception ex) when (ex is MissingMemberException || ex is NullReferenceException || ex is TargetInvocationException || ex is ArgumentException || ex is InvalidCastException)
            {
                handler?.Dispose();
                return null;
            }
        }

        /// <summary>
        /// Windows PowerShell 5.1 (.NET Framework): the classic handler. It ignores <c>HTTP(S)_PROXY</c>/<c>NO_PROXY</c>,
        /// so without an explicit proxy those variables are applied here (else the system proxy applies as before).
        /// </summary>
        private static HttpClientHandler CreateClassicHandler(IWebProxy? proxy)
        {
            EnsureModernTlsOnNetFramework();
            proxy ??= EnvironmentProxy.FromEnvironment(AurikoEnvironment.Get);
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                UseCookies = false,

                // An API client has no business following redirects with a bearer token to another place.
                AllowAutoRedirect = false,
            };

            if (proxy != null)
            {
                handler.Proxy = proxy;
                handler.UseProxy = true;
            }

            try
            {
                handler.MaxConnectionsPerServer = MaxConnectionsPerServer;
            }
            catch (PlatformNotSupportedException)
            {
                // Older runtimes manage this through ServicePointManager; the default then applies.
            }

            return handler;
        }
    }

    /// <summary>
    /// What makes two proxy settings share a client. A <see cref="WebProxy"/> is compared by its settings (PowerShell
    /// creates a new one per call): address, bypass settings, and credentials — a <see cref="NetworkCredential"/> by
    /// user name, domain and a SHA-256 of the password (so a fresh but equal credential reuses the client, and the key
    /// keeps no password), any other <see cref="ICredentials"/> by reference. Any other <see cref="IWebProxy"/> by reference.
    /// </summary>
    internal sealed class ProxyKey : IEquatable<ProxyKey>
    {
        private static readonly ProxyKey Default = new ProxyKey(null, null, null);

        private readonly object? _proxyReference;
        private readonly string? _settings;
        private readonly object? _credentialsReference;

        private ProxyKey(object? proxyReference, string? settings, object? credentialsReference)
        {
            _proxyReference = proxyReference;
            _settings = settings;
            _credentialsReference = credentialsReference;
        }

        public static ProxyKey Of(IWebProxy? proxy)
        {
            if (proxy is null)
            {
                return Default;
            }

            if (proxy is not WebProxy web)
            {
                return new ProxyKey(proxy, null, null);
            }

            object? credentialsReference = null;
            string credentials;
            if (web.UseDefaultCredentials)
            {
                credentials = "default";
            }
            else if (web.Credentials is null)
            {
                credentials = "none";
            }
            else if (web.Credentials is NetworkCredential network && network.GetType() == typeof(NetworkCredential))
            {
                credentials = "user:" + Escape(network.UserName) + "\u0001" + Escape(network.Domain) + "\u0001" + PasswordHash(network.Password);
            }
            else
            {
                credentials = "ref";
                credentialsReference = web.Credentials;
            }

            var settings = string.Join(
                "\u0000",
                "webproxy",
                web.Address?.AbsoluteUri ?? string.Empty,
                web.BypassProxyOnLocal ? "local" : "-",
                string.Join("\u0001", web.BypassList),
                credentials);
            return new ProxyKey(null, settings, credentialsReference);
        }

        public bool Equals(ProxyKey? other) =>
            other != null
            && ReferenceEquals(_proxyReference, other._proxyReference)
            && string.Equals(_settings, other._settings, StringComparison.Ordinal)
            && ReferenceEquals(_credentialsReference, other._credentialsReference);

        public override bool Equals(object? obj) => Equals(obj as ProxyKey);

        public override int GetHashCode()
        {
            unchecked
            {
                var hash = _settings is null ? 17 : StringComparer.Ordinal.GetHashCode(_settings);
                hash = (hash * 31) + (_proxyReference is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_proxyReference));
                return (hash * 31) + (_credentialsReference is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_credentialsReference));
            }
        }

        private static string Escape(string? value) => value ?? string.Empty;

        private static string PasswordHash(string? password)
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(password ?? string.Empty)));
        }
    }
}
