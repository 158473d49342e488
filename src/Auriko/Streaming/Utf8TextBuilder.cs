using System;
using System.Collections.Generic;
using System.Text;

namespace Auriko.Streaming
{
    /// <summary>
    /// Accumulates streamed text fragments as UTF-8 in segments (1 byte per ASCII character, where a
    /// <see cref="StringBuilder"/> takes 2) and decodes them once, straight into a string of the exact length (no
    /// second UTF-16 copy). The decoded text is cached and the segments released. Used for the aggregated content
    /// and reasoning of a stream, which may be tens of megabytes. Appending is single-threaded (the stream reader);
    /// <see cref="Build"/> may be called from any thread.
    /// </summary>
    internal sealed class Utf8TextBuilder
    {
        private const int FirstSegment = 256;
        private const int MaxSegment = 64 * 1024; // stays off the large-object heap
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        private readonly object _gate = new object();
        private List<ArraySegment<byte>>? _full;
        private byte[]? _current;
        private int _used;
        private string? _built;

        public void Append(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }

            lock (_gate)
            {
                if (_built != null)
                {
                    // Appending after a mid-stream Build: continue from the text built so far.
                    var prefix = _built;
                    _built = null;
                    AppendCore(prefix);
                }

                AppendCore(text!);
            }
        }

        /// <summary>The accumulated text, decoded once and cached; the UTF-8 segments are released.</summary>
        public string Build()
        {
            lock (_gate)
            {
                if (_built == null)
                {
                    _built = Decode();
                    _full = null;
                    _current = null;
                    _used = 0;
                }

                return _built;
            }
        }

        private void AppendCore(string text)
        {
            var room = _current == null ? 0 : _current.Length - _used;
            if (room < text.Length * 3 && room < Utf8.GetByteCount(text))
            {
                // Fragments are encoded whole, so every segment ends on a character boundary.
                if (_current != null && _used > 0)
                {
                    (_full ??= new List<ArraySegment<byte>>()).Add(new ArraySegment<byte>(_current, 0, _used));
                }

                var size = _current == null ? FirstSegment : Math.Min(MaxSegment, _current.Length * 2);
                _current = new byte[Math.Max(size, Utf8.GetByteCount(text))];
                _used = 0;
            }

            _used += Utf8.GetBytes(text, 0, text.Length, _current!, _used);
        }

        private unsafe string Decode()
        {
            if (_full == null)
            {
                return _current == null || _used == 0 ? string.Empty : Utf8.GetString(_current, 0, _used);
            }

            var segments = new List<ArraySegment<byte>>(_full);
            if (_current != null && _used > 0)
            {
                segments.Add(new ArraySegment<byte>(_current, 0, _used));
            }

            long length = 0;
            foreach (var segment in segments)
            {
                length += Utf8.GetCharCount(segment.Array!, segment.Offset, segment.Count);
            }

            if (length > int.MaxValue)
            {
                throw new AurikoException("The streamed text is too long for one .NET string (more than 2,147,483,647 characters).");
            }

            if (length == 0)
            {
                return string.Empty;
            }

            // Fill a new string of the exact length in place: the only UTF-16 copy of the text.
            var text = new string('\0', (int)length);
            fixed (char* start = text)
            {
                var at = 0;
                foreach (var segment in segments)
                {
                    if (segment.Count == 0)
                    {
                        continue;
                    }

                    fixed (byte* bytes = &segment.Array![segment.Offset])
                    {
                        at += Utf8.GetChars(bytes, segment.Count, start + at, (int)length - at);
                    }
                }
            }

            return text;
        }
    }

    /// <summary>Text decoded when first read (see <see cref="ChatMessage.Content"/>).</summary>
    internal sealed class DeferredText
    {
        private readonly Utf8TextBuilder _builder;

        public DeferredText(Utf8TextBuilder builder)
        {
            _builder = builder;
        }

        public string Value => _builder.Build();
    }
}
