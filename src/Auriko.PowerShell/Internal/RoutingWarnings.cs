using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// The gateway's routing warnings (<c>routing_metadata.warnings</c>, such as a field it ignored) as PowerShell
    /// warning texts: something to act on, so -WarningAction and $WarningPreference apply. The cmdlet writes them once
    /// per answer (or per stream, with its final chunk); the object keeps them in RoutingMetadata.Warnings too.
    /// </summary>
    internal static class RoutingWarnings
    {
        /// <summary>One text per warning: its message, then its code, parameter and the request id when known.</summary>
        internal static IEnumerable<string> Texts(RoutingMetadata? metadata, string? requestId)
        {
            if (metadata == null)
            {
                yield break;
            }

            foreach (var warning in metadata.Warnings)
            {
                var details = new List<string>(3);
                if (!string.IsNullOrEmpty(warning.Code) && warning.Message.IndexOf(warning.Code!, System.StringComparison.Ordinal) < 0)
                {
                    details.Add(warning.Code!);
                }
                if (!string.IsNullOrEmpty(warning.Param))
                {
                    details.Add("param " + warning.Param);
                }

                if (!string.IsNullOrEmpty(requestId))
                {
                    details.Add("request " + requestId);
                }

                var text = new StringBuilder(warning.Message);
                if (details.Count > 0)
                {
                    text.Append(" (").Append(string.Join(", ", details)).Append(')');
                }

                yield return string.Format(CultureInfo.InvariantCulture, Messages.RoutingWarning, text);
            }
        }
    }
}
