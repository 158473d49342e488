using System;
using System.Text.RegularExpressions;

namespace Auriko.Http
{
    /// <summary>Masks secrets in any text the client shows: the API key itself, bearer tokens and secret-looking JSON fields.</summary>
    internal static class Redaction
    {
        public const string Mask = "***";

        // JSON string fields whose names say they hold a secret ("api_key", "Authorization", "x-api-key", "client_secret", "token", …).
        private static readonly Regex SecretField = new Regex(
            "\"(?<name>[^\"]*(?:authorization|api[_-]?key|secret|password|passwd|access[_-]?token|refresh[_-]?token|bearer)[^\"]*|token)\"(?<sep>\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        private static readonly Regex BearerToken = new Regex(
            "(?<scheme>Bearer\\s+)[A-Za-z0-9\\-._~+/=]+",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        /// <summary>How much of a body an exception keeps in <see cref="AurikoException.RawBody"/>.</summary>
        public const int MaxRawBodyChars = 4096;

        /// <summary>A response body as <see cref="AurikoException.RawBody"/> keeps it: cut to 4 KB, then redacted.</summary>
        public static string RawBody(string text, string? secret) =>
            Redact(text.Length > MaxRawBodyChars ? text.Substring(0, MaxRawBodyChars) : text, secret);

        /// <summary>Returns <paramref name="text"/> with the key, bearer tokens and secret JSON fields masked.</summary>
        public static string Redact(string? text, string? secret)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            var result = text!;
            if (!string.IsNullOrEmpty(secret) && result.IndexOf(secret, StringComparison.Ordinal) >= 0)
            {
                result = result.Replace(secret, Mask);
            }

            if (result.IndexOf('"') >= 0)
            {
                result = SecretField.Replace(result, m => "\"" + m.Groups["name"].Value + "\"" + m.Groups["sep"].Value + "\"" + Mask + "\"");
            }

            if (result.IndexOf("earer", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                result = BearerToken.Replace(result, m => m.Groups["scheme"].Value + Mask);
            }

            return result;
        }
    }
}
