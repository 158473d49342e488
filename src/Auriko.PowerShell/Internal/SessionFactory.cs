using System;
using System.Collections;
using System.Management.Automation;
using System.Net;

namespace Auriko.PowerShell.Internal
{
    /// <summary>Builds clients and sessions; caches the session made from environment variables.</summary>
    internal static class SessionFactory
    {
        private static readonly object s_envLock = new object();
        private static string? s_envKey;
        private static string? s_envBaseUrl;
        private static AurikoSession? s_envSession;
        private static string? s_userAgent;

        internal const string EnvironmentSource = "Environment";
        internal const string ConnectSource = "Connect-Auriko";

        /// <summary>The User-Agent product token naming the module and the PowerShell version.</summary>
        internal static string UserAgentProduct
        {
            get
            {
                var ua = s_userAgent;
                if (ua != null) return ua;
                var moduleVersion = typeof(SessionFactory).Assembly.GetName().Version;
                string psVersion = PowerShellVersion() ?? typeof(PSObject).Assembly.GetName().Version?.ToString() ?? "unknown";
                ua = "Auriko.PowerShell/" + moduleVersion?.ToString(3) + " PowerShell/" + psVersion;
                s_userAgent = ua;
                return ua;
            }
        }

        private static string? PowerShellVersion()
        {
            try
            {
                var rs = System.Management.Automation.Runspaces.Runspace.DefaultRunspace;
                if (rs?.SessionStateProxy?.GetVariable("PSVersionTable") is Hashtable table && table["PSVersion"] != null)
                {
                    return table["PSVersion"]!.ToString();
                }
            }
            catch (Exception)
            {
                // Best effort only: the User-Agent falls back to the engine assembly version.
            }
            return null;
        }

        /// <summary>
        /// The session from AURIKO_API_KEY / AURIKO_BASE_URL, or null when no key is set and
        /// <paramref name="allowNoKey"/> is false. Cached until the variables change.
        /// </summary>
        internal static AurikoSession? FromEnvironment(bool allowNoKey)
        {
            string? key = Environment.GetEnvironmentVariable("AURIKO_API_KEY");
            string? baseUrl = Environment.GetEnvironmentVariable("AURIKO_BASE_URL");
            if (string.IsNullOrWhiteSpace(key)) key = null;
            if (key == null && !allowNoKey) return null;
            lock (s_envLock)
            {
                if (s_envSession != null && string.Equals(s_envKey, key, StringComparison.Ordinal)
                    && string.Equals(s_envBaseUrl, baseUrl, StringComparison.Ordinal))
                {
                    return s_envSession;
                }
                var options = new AurikoClientOptions { UserAgentProduct = UserAgentProduct };
                // The options read the same variables; set them explicitly so the cache key matches.
                options.ApiKey = key == null ? null : new AurikoApiKey(key);
                var session = new AurikoSession(new AurikoClient(options), null, null, EnvironmentSource, null);
                s_envKey = key;
                s_envBaseUrl = baseUrl;
                s_envSession = session;
                return session;
            }
        }

        internal static IWebProxy? CreateProxy(Uri? proxy) => proxy == null ? null : new WebProxy(proxy);

        internal static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback) return true;
            return IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip);
        }
    }
}
