using System;
using System.Globalization;
using System.Text;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// Labels the request and response bodies -Debug shows, so each JSON says what it is: "Request body of POST
    /// https://.../chat/completions:" or "Response body of GET https://.../me (200, request req_1):". A response body
    /// event names no method or URL, so they come from the Request or Response event that preceded it (the client
    /// raises them in that order on one call).
    /// </summary>
    internal sealed class DebugBodyLabels
    {
        private string? _method;
        private Uri? _url;

        /// <summary>Remembers the request a Request or Response event names.</summary>
        internal void Observe(AurikoEvent e)
        {
            if ((e.Kind != AurikoEventKind.Request && e.Kind != AurikoEventKind.Response) || e.Url == null)
            {
                return;
            }

            _method = e.Method;
            _url = e.Url;
        }

        /// <summary>The body event's text under a label line.</summary>
        internal string Label(AurikoEvent e)
        {
            bool request = e.Kind == AurikoEventKind.RequestBody;
            string? method = e.Method ?? (request ? null : _method);
            Uri? url = e.Url ?? (request ? null : _url);
            if (request && e.Url != null)
            {
                _method = e.Method;
                _url = e.Url;
            }

            var label = new StringBuilder(request ? "Request body" : "Response body");
            if (url != null)
            {
                label.Append(" of ").Append(method).Append(method == null ? string.Empty : " ").Append(url);
            }

            var details = new StringBuilder();
            if (e.StatusCode.HasValue)
            {
                details.Append(e.StatusCode.Value.ToString(CultureInfo.InvariantCulture));
            }

            if (!string.IsNullOrEmpty(e.RequestId))
            {
                details.Append(details.Length > 0 ? ", " : string.Empty).Append("request ").Append(e.RequestId);
            }

            if (details.Length > 0)
            {
                label.Append(" (").Append(details).Append(')');
            }

            return label.Append(':').Append(Environment.NewLine).Append(e.Message).ToString();
        }
    }
}
