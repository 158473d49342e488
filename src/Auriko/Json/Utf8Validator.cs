using System;
using System.Runtime.InteropServices;

namespace Auriko.Json
{
    /// <summary>
    /// Strict UTF-8 validation of a byte span (no overlongs, no surrogates, nothing above U+10FFFF). netstandard2.0
    /// has no span-based strict decoder, and System.Text.Json only checks the strings it is asked to decode.
    /// </summary>
    internal static class Utf8Validator
    {
        private const ulong HighBits = 0x8080808080808080UL;

        public static bool IsValid(ReadOnlySpan<byte> data)
        {
            var i = 0;
            while (i < data.Length)
            {
                // ASCII fast path: 8 bytes at a time (chunk JSON is almost all ASCII).
                while (i + 8 <= data.Length && (MemoryMarshal.Read<ulong>(data.Slice(i)) & HighBits) == 0)
                {
                    i += 8;
                }

                if (i >= data.Length)
                {
                    break;
                }

                var b = data[i];
                if (b < 0x80)
                {
                    i++;
                    continue;
                }

                int needed;
                int min;
                if ((b & 0xE0) == 0xC0)
                {
                    needed = 1;
                    min = 0x80;
                }
                else if ((b & 0xF0) == 0xE0)
                {
                    needed = 2;
                    min = 0x800;
                }
                else if ((b & 0xF8) == 0xF0)
                {
                    needed = 3;
                    min = 0x10000;
                }
                else
                {
                    return false;
                }

                if (i + needed >= data.Length)
                {
                    return false;
                }

                var cp = b & (0x3F >> needed);
                for (var k = 1; k <= needed; k++)
                {
                    var c = data[i + k];
                    if ((c & 0xC0) != 0x80)
                    {
                        return false;
                    }

                    cp = (cp << 6) | (c & 0x3F);
                }

                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    return false;
                }

                i += needed + 1;
            }

            return true;
        }
    }
}
