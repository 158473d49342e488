using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using Auriko.TestServer.Api;

namespace Auriko.TestServer.Sse;

/// <summary>
/// The answer's content as a sequence of deltas, each written straight into the output as
/// escaped JSON string bytes. A non-streaming answer is the concatenation of the same deltas,
/// so streamed and non-streamed content are identical. Nothing here builds the whole content
/// in memory: the filler plan slices a fixed pattern buffer.
/// </summary>
internal abstract class ContentPlan
{
    public abstract int Count { get; }

    /// <summary>Content size in UTF-8 bytes (for usage).</summary>
    public abstract long TotalBytes { get; }

    /// <summary>Writes delta <paramref name="index"/> as escaped JSON string content (no quotes).</summary>
    public abstract void WriteDelta(int index, IBufferWriter<byte> output);
}

/// <summary>Echo text split into words (default) or into N near-equal pieces.</summary>
internal sealed partial class TextContentPlan : ContentPlan
{
    private readonly byte[][] _pieces;
    private readonly long _bytes;

    public TextContentPlan(string text, int? chunks)
    {
        List<string> pieces;
        if (chunks is null)
        {
            pieces = WordPattern().Matches(text).Select(m => m.Value).ToList();
        }
        else
        {
            int n = Math.Max(0, chunks.Value);
            // Too short for N non-empty pieces: pad with dots (documented behaviour).
            if (n > 0 && text.Length < n)
            {
                text = text.PadRight(n, '.');
            }

            pieces = new List<string>(n);
            int start = 0;
            for (int i = 1; i <= n; i++)
            {
                int end = i == n ? text.Length : (int)((long)text.Length * i / n);
                if (end > start && end < text.Length && char.IsHighSurrogate(text[end - 1]))
                {
                    end++;
                }

                if (end < start)
                {
                    end = start;
                }

                pieces.Add(text[start..end]);
                start = end;
            }
        }
        _pieces = pieces.Select(Json.EscapeString).ToArray();
        _bytes = System.Text.Encoding.UTF8.GetByteCount(text);
    }

    public override int Count => _pieces.Length;

    public override long TotalBytes => _bytes;

    public override void WriteDelta(int index, IBufferWriter<byte> output) => output.Write(_pieces[index]);

    [GeneratedRegex(@"\S+\s*|\s+")]
    private static partial Regex WordPattern();
}

/// <summary>Exactly <c>totalBytes</c> of ASCII filler in N pieces (for 50 MB streams and large bodies).</summary>
internal sealed class FillerContentPlan : ContentPlan
{
    private static readonly byte[] Pattern = "The quick brown fox jumps over the lazy dog. "u8.ToArray();
    private const int SliceMax = 64 * 1024;
    private static readonly byte[] Buffer = BuildBuffer();

    private readonly long _total;
    private readonly int _count;

    public FillerContentPlan(long totalBytes, int? chunks)
    {
        _total = Math.Max(0, totalBytes);
        _count = chunks is { } c ? Math.Max(0, c) : (int)Math.Min(int.MaxValue, (_total + 1023) / 1024);
        if (_total == 0 && chunks is null)
        {
            _count = 0;
        }
    }

    public override int Count => _count;

    public override long TotalBytes => _total;

    public override void WriteDelta(int index, IBufferWriter<byte> output)
    {
        long start = _total * index / _count;
        long end = _total * (index + 1) / _count;
        WriteRange(start, end, output);
    }

    /// <summary>Writes filler bytes [start, end) of the content; the pattern repeats, so slice the buffer.</summary>
    public static void WriteRange(long start, long end, IBufferWriter<byte> output)
    {
        while (start < end)
        {
            int offset = (int)(start % Pattern.Length);
            int len = (int)Math.Min(end - start, SliceMax);
            output.Write(Buffer.AsSpan(offset, len));
            start += len;
        }
    }

    private static byte[] BuildBuffer()
    {
        var b = new byte[SliceMax + Pattern.Length];
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = Pattern[i % Pattern.Length];
        }

        return b;
    }
}

/// <summary>Each delta is the send time in Unix ms with 3 decimals plus a space, so clients can measure lag.</summary>
internal sealed class TimestampContentPlan : ContentPlan
{
    private readonly int _count;

    public TimestampContentPlan(int count) => _count = Math.Max(0, count);

    public override int Count => _count;

    public override long TotalBytes => _count * 19L;

    public override void WriteDelta(int index, IBufferWriter<byte> output)
    {
        double ms = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMillisecond;
        var span = output.GetSpan(32);
        ms.TryFormat(span, out int written, "F3", CultureInfo.InvariantCulture);
        span[written++] = (byte)' ';
        output.Advance(written);
    }
}
