using System.Globalization;
using System.Text;

namespace Auriko.Json
{
    /// <summary>
    /// Text from the wire that System.Text.Json will not decode: JSON string escapes of lone UTF-16 halves.
    /// JavaScript servers emit <c>"\ud83d"</c> in one chunk and <c>"\ude00"</c> in the next when a token boundary
    /// splits a surrogate pair; .NET strings can hold each half, so they are kept until the stream joins them.
    /// </summary>
    internal static class WireText
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, throwOnInvalidBytes: false);

        /// <summary>Decodes the raw bytes of a JSON string value (escapes included), keeping lone halves.</summary>
        public static string Unescape(byte[] raw)
        {
            var sb = new StringBuilder(raw.Length);
            var start = 0;
            var i = 0;
            while (i < raw.Length)
            {
                if (raw[i] != (byte)'\\')
                {
                    i++;
                    continue;
                }

                sb.Append(Utf8.GetString(raw, start, i - start));
                if (i + 1 >= raw.Length)
                {
                    break;
                }

                var escape = (char)raw[i + 1];
                i += 2;
                switch (escape)
                {
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u':
                        if (i + 4 <= raw.Length
                            && int.TryParse(Encoding.ASCII.GetString(raw, i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        {
                            sb.Append((char)code);
                            i += 4;
                        }

                        break;
                    default: sb.Append(escape); break; // \" \\ \/
                }

                start = i;
            }

            if (start < raw.Length)
            {
                sb.Append(Utf8.GetString(raw, start, raw.Length - start));
            }

            return sb.ToString();
        }

        /// <summary>Replaces every UTF-16 half that is not part of a pair with U+FFFD; returns the same string when there is none.</summary>
        public static string ReplaceLoneHalves(string text)
        {
            char[]? copy = null;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                if (char.IsSurrogate(c))
                {
                    copy ??= text.ToCharArray();
                    copy[i] = '\uFFFD';
                }
            }

            return copy is null ? text : new string(copy);
        }

        /// <summary>Whether the text has a UTF-16 half anywhere (a cheap check before any joining work).</summary>
        public static bool HasSurrogate(string? text)
        {
            if (text is null)
            {
                return false;
            }

            foreach (var c in text)
            {
                if (char.IsSurrogate(c))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
