using System;
using System.Collections.Generic;
using System.Net;

namespace Auriko.Http
{
    /// <summary>
    /// The proxy named by <c>HTTPS_PROXY</c> / <c>HTTP_PROXY</c> / <c>ALL_PROXY</c> and <c>NO_PROXY</c> (lowercase
    /// variants first), as curl and .NET Core read them. Used only on .NET Framework (Windows PowerShell 5.1), whose
    /// classic handler ignores these variables; on .NET the runtime's default proxy already honours them.
    /// </summary>
    internal sealed class EnvironmentProxy : IWebProxy
    {
        /// <summary>What separates the entries of NO_PROXY: commas, and (leniently) spaces or semicolons.</summary>
        private static readonly char[] ListSeparators = { ',', ' ', ';' };

        private readonly string[] _bypass;

        private EnvironmentProxy(Uri? http, Uri? https, string[] bypass)
        {
            HttpProxy = http;
            HttpsProxy = https;
            _bypass = bypass;
            var withCredentials = https ?? http;
            Credentials = CredentialsOf(withCredentials);
        }

        /// <summary>The proxy for http:// destinations, if any.</summary>
        public Uri? HttpProxy { get; }

        /// <summary>The proxy for https:// destinations, if any.</summary>
        public Uri? HttpsProxy { get; }

        /// <summary>The NO_PROXY entries, normalised (lowercase, no leading dot or "*.").</summary>
        public IReadOnlyList<string> BypassList => _bypass;

        /// <summary>From the user:password of the proxy URL, if any.</summary>
        public ICredentials? Credentials { get; set; }

        /// <summary>
        /// Reads the variables through <paramref name="getVariable"/> (<see cref="AurikoEnvironment.Get"/>
        /// in production). Null when neither an HTTP nor an HTTPS proxy is set, or the values are not usable URLs.
        /// </summary>
        public static EnvironmentProxy? FromEnvironment(Func<string, string?> getVariable)
        {
            string? Read(string name) => NonEmpty(getVariable(name.ToLowerInvariant())) ?? NonEmpty(getVariable(name));

            var all = ParseProxyUrl(Read("ALL_PROXY"));
            var http = ParseProxyUrl(Read("HTTP_PROXY")) ?? all;
            var https = ParseProxyUrl(Read("HTTPS_PROXY")) ?? all;
            if (http is null && https is null)
            {
                return null;
            }

            return new EnvironmentProxy(http, https, ParseBypassList(Read("NO_PROXY")));
        }

        /// <summary>"proxy:8080", "http://proxy:8080", "http://user:pass@proxy:8080/"; null when unusable.</summary>
        internal static Uri? ParseProxyUrl(string? value)
        {
            if (value is null)
            {
                return null;
            }

            var text = value.Trim();
            if (text.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                text = "http://" + text;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            {
                return null;
            }

            // The classic handler speaks to HTTP proxies only (CONNECT for https destinations).
            return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? uri : null;
        }

        /// <summary>Comma- or space-separated hosts, domain suffixes (".corp", "*.corp", "corp") with optional ":port", or "*".</summary>
        internal static string[] ParseBypassList(string? value)
        {
            if (value is null)
            {
                return Array.Empty<string>();
            }

            var entries = new List<string>();
            foreach (var raw in value.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                var entry = raw.Trim().ToLowerInvariant();
                if (entry.StartsWith("*.", StringComparison.Ordinal))
                {
                    entry = entry.Substring(2);
                }
                else if (entry.StartsWith(".", StringComparison.Ordinal))
                {
                    entry = entry.Substring(1);
                }

                if (entry.Length > 0)
                {
                    entries.Add(entry);
                }
            }

            return entries.ToArray();
        }

        public Uri? GetProxy(Uri destination)
        {
            if (IsBypassed(destination))
            {
                return destination;
            }

            return (destination.Scheme == Uri.UriSchemeHttps ? HttpsProxy : HttpProxy) ?? destination;
        }

        public bool IsBypassed(Uri host)
        {
            if ((host.Scheme == Uri.UriSchemeHttps ? HttpsProxy : HttpProxy) is null)
            {
                return true;
            }

            var name = host.IdnHost.Trim('[', ']').ToLowerInvariant();
            foreach (var entry in _bypass)
            {
                if (entry == "*")
                {
                    return true;
                }

                var pattern = entry;
                var colon = entry.LastIndexOf(':');
                if (colon > 0 && entry.IndexOf(':') == colon && int.TryParse(entry.Substring(colon + 1), out var port))
                {
                    // "host:port" applies to that port only (an IPv6 address has several colons and no port here).
                    if (port != host.Port)
                    {
                        continue;
                    }

                    pattern = entry.Substring(0, colon);
                }

                pattern = pattern.Trim('[', ']');
                if (name == pattern || name.EndsWith("." + pattern, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        private static NetworkCredential? CredentialsOf(Uri? proxy)
        {
            var info = proxy?.UserInfo;
            if (string.IsNullOrEmpty(info))
            {
                return null;
            }

            var colon = info!.IndexOf(':');
            var user = Uri.UnescapeDataString(colon < 0 ? info : info.Substring(0, colon));
            var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(info.Substring(colon + 1));
            return new NetworkCredential(user, password);
        }
    }
}
