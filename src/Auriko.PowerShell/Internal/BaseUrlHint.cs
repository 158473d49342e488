using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// The hint for the most common setup mistake: a base URL without its /v1 path (https://api.auriko.ai instead of
    /// https://api.auriko.ai/v1). Every route then answers 404, "No route for GET /me", which does not say why.
    /// </summary>
    internal static class BaseUrlHint
    {
        private static readonly Regex VersionSegment = new Regex(@"/v\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>
        /// The hint for <paramref name="exception"/> (what is wrong, for the message; what to do, for the recommended
        /// action), or null: only for a 404 that is not about a missing model, workspace or budget (those routes
        /// exist), from a base URL whose path does not end in a version such as /v1.
        /// </summary>
        internal static Hint? For(Exception exception, Uri? baseUrl)
        {
            if (baseUrl == null || !(exception is AurikoApiException api) || api.StatusCode != 404)
            {
                return null;
            }

            if (api is ModelNotFoundException || string.Equals(api.Code, "resource_not_found", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            string path = baseUrl.AbsolutePath.TrimEnd('/');
            if (VersionSegment.IsMatch(path))
            {
                return null;
            }

            var suggested = new UriBuilder(baseUrl) { Path = path + "/v1" }.Uri;
            return new Hint(
                string.Format(CultureInfo.InvariantCulture, Messages.BaseUrlWithoutVersion, baseUrl),
                string.Format(CultureInfo.InvariantCulture, Messages.UseVersionedBaseUrl, suggested));
        }

        /// <summary>A hint: the problem (added to the error message) and the fix (the error's recommended action).</summary>
        internal sealed class Hint
        {
            internal Hint(string problem, string action)
            {
                Problem = problem;
                Action = action;
            }

            internal string Problem { get; }

            internal string Action { get; }
        }
    }
}
