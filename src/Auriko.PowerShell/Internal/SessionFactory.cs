using System;
using System.Collections;
using System.Management.Automation;
using System.Net;

namespace Auriko.PowerShell.Internal
{
    /// <summary>Builds clients and sessions; caches the session made from environment variables.</summary>
    internal static class SessionFactory
    {
        private static readonly object EnvLock = new object();
        private static readonly char[] UserInfoSeparator = { ':' };
        private static AurikoEnvironment? _envSnapshot;
        private static AurikoSession? _envSession;
        private static string? _userAgent;

        internal const string EnvironmentSource = "Environment";

        /// <summary>The User-Agent product token naming the module and the PowerShell version.</summary>
        internal static string UserAgentProduct
        {
            get
            {
                var ua = _userAgent;
                if (ua != null)
                {
                    return ua;
                }

                var moduleVersion = typeof(SessionFactory).Assembly.GetName().Version;
                string psVersion = PowerShellVersion() ?? typeof(PSObject).Assembly.GetName().Version?.ToString() ?? "unknown";
                ua = "Auriko.PowerShell/" + moduleVersion?.ToString(3) + " PowerShell/" + psVersion;
                _userAgent = ua;
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
            var environment = AurikoEnvironment.Read();
            if (environment.ApiKey == null && !allowNoKey)
            {
                return null;
            }

            lock (EnvLock)
            {
                if (_envSession != null && environment.Equals(_envSnapshot))
                {
                    return _envSession;
                }
                // Built from the same snapshot the cache is keyed by, so the session always matches its key.
                var options = new AurikoClientOptions(environment) { UserAgentProduct = UserAgentProduct };
                var session = new AurikoSession(new AurikoClient(options), null, null, EnvironmentSource, null);
                _envSnapshot = environment;
                _envSession = session;
                return session;
            }
        }

        /// <summary>The AURIKO_BASE_URL text, for an error about it (the error's target object).</summary>
        internal static string? EnvironmentBaseUrl => AurikoEnvironment.Read().BaseUrl;

        /// <summary>
        /// A proxy for <paramref name="proxy"/>; user:password in the URI become the proxy's
        /// credentials (never part of the address that is shown).
        /// </summary>
        internal static IWebProxy? CreateProxy(Uri? proxy)
        {
            if (proxy == null)
            {
                return null;
            }

            var webProxy = new WebProxy(WithoutUserInfo(proxy));
            if (!string.IsNullOrEmpty(proxy.UserInfo))
            {
                string[] parts = proxy.UserInfo.Split(UserInfoSeparator, 2);
                webProxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]),
                    parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
            }
            return webProxy;
        }

        /// <summary>The URI with any user:password removed, for display.</summary>
        internal static Uri? WithoutUserInfo(Uri? uri)
        {
            if (uri == null || string.IsNullOrEmpty(uri.UserInfo))
            {
                return uri;
            }

            return new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
        }
    }
}
