using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;

namespace Auriko.TestServer.Sse;

/// <summary>
/// Writes SSE events straight into the response PipeWriter and flushes after each one, so every
/// event reaches the client as soon as it is produced. Options add the cases the client must
/// tolerate ("Streaming (SSE)" in src/Auriko/README.md): comment lines, extra fields, CRLF,
/// events split across writes.
/// </summary>
internal sealed class SseWriter
{
    private static readonly byte[] Lf = "\n"u8.ToArray();
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private const int SplitPauseMs = 5;

    private readonly PipeWriter _pipe;
    private readonly byte[] _eol;
    private readonly bool _comments;
    private readonly bool _fields;
    private readonly bool _split;
    private readonly CancellationToken _ct;
    private readonly ArrayBufferWriter<byte>? _scratch;
    private IBufferWriter<byte> _target;
    private int _events;

    public SseWriter(PipeWriter pipe, EmulatorOptions options, CancellationToken ct)
    {
        _pipe = pipe;
        _eol = options.Crlf == true ? CrLf : Lf;
        _comments = options.Comments == true;
        _fields = options.SseFields == true;
        _split = options.SplitWrites == true;
        _ct = ct;
        _scratch = _split ? new ArrayBufferWriter<byte>(4096) : null;
        _target = pipe;
    }

    /// <summary>Optional preamble (comment / retry field), flushed so the headers go out now.</summary>
    public async ValueTask WriteOpeningAsync()
    {
        if (_comments)
        {
            _pipe.Write(": auriko emulator stream opened"u8);
            _pipe.Write(_eol);
            _pipe.Write(_eol);
        }
        if (_fields)
        {
            _pipe.Write("retry: 3000"u8);
            _pipe.Write(_eol);
            _pipe.Write(_eol);
        }
        await FlushAsync();
    }

    /// <summary>Starts an event and returns where to write the data payload (a single line).</summary>
    public IBufferWriter<byte> BeginEvent()
    {
        _events++;
        if (_split)
        {
            _scratch!.ResetWrittenCount();
            _target = _scratch;
        }
        if (_comments)
        {
            _target.Write(": keep-alive "u8);
            WriteNumber(_events);
            _target.Write(_eol);
        }
        if (_fields)
        {
            _target.Write("event: message"u8);
            _target.Write(_eol);
            _target.Write("id: "u8);
            WriteNumber(_events);
            _target.Write(_eol);
        }
        _target.Write(DataPrefix);
        return _target;
    }

    /// <summary>Ends the event (blank line) and flushes it, in pieces when split_writes is on.</summary>
    public async ValueTask EndEventAsync()
    {
        _target.Write(_eol);
        _target.Write(_eol);
        if (!_split)
        {
            await FlushAsync();
            return;
        }
        var bytes = _scratch!.WrittenMemory;
        int a = bytes.Length / 3, b = 2 * bytes.Length / 3;
        foreach (var (start, end) in new[] { (0, a), (a, b), (b, bytes.Length) })
        {
            if (end <= start)
            {
                continue;
            }

            _pipe.Write(bytes.Span[start..end]);
            await FlushAsync();
            if (end < bytes.Length)
            {
                await Task.Delay(SplitPauseMs, _ct);
            }
        }
        _target = _pipe;
    }

    public async ValueTask WriteDoneAsync()
    {
        BeginEvent().Write("[DONE]"u8);
        await EndEventAsync();
    }

    /// <summary>Writes arbitrary bytes as an event's data (for deliberately broken events).</summary>
    public async ValueTask WriteRawEventAsync(ReadOnlyMemory<byte> data)
    {
        BeginEvent().Write(data.Span);
        await EndEventAsync();
    }

    public async ValueTask FlushAsync()
    {
        var result = await _pipe.FlushAsync(_ct);
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new OperationCanceledException("client went away");
        }
    }

    private void WriteNumber(int n)
    {
        var span = _target.GetSpan(16);
        n.TryFormat(span, out int written, default, CultureInfo.InvariantCulture);
        _target.Advance(written);
    }
}
