using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Auriko.Http
{
    /// <summary>
    /// One long-lived, thread-safe <see cref="HttpClient"/> per proxy configuration, shared by every client in the
    /// process (and every PowerShell runspace): connections are reused and sockets are never exhausted.
    /// </summary>
    internal static class HttpClientPool
    {
        private static readonly object DefaultProxyKey = new object();
        private static readonly ConcurrentDictionary<object, Lazy<HttpClient>> Clients = new ConcurrentDictionary<object, Lazy<HttpClient>>();

        /// <summary>Connections per server: high enough that parallel pipelines are not serialised.</summary>
        internal const int MaxConnectionsPerServer = 256;

        public static HttpClient Get(IWebProxy? proxy)
        {
            var key = KeyOf(proxy);
            return Clients.GetOrAdd(key, _ => new Lazy<HttpClient>(() => Create(proxy), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }

        /// <summary>
        /// A WebProxy is keyed by its settings (PowerShell users create a new one per call; keying by reference would
        /// leak a client each time); any other IWebProxy by identity.
        /// </summary>
        private static object KeyOf(IWebProxy? proxy)
        {
            if (proxy is null)
            {
                return DefaultProxyKey;
            }

            if (proxy is WebProxy web)
            {
                var credentials = web.UseDefaultCredentials ? "default" : web.Credentials is null ? "none" : RuntimeHelpers.GetHashCode(web.Credentials).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return string.Join("|", "webproxy", web.Address?.AbsoluteUri ?? string.Empty, web.BypassProxyOnLocal.ToString(), string.Join(",", web.BypassList), credentials);
            }

            return proxy;
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

        /// <summary>Windows PowerShell 5.1 (.NET Framework): the classic handler.</summary>
        private static HttpMessageHandler CreateClassicHandler(IWebProxy? proxy)
        {
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
}
