using System;
using System.IO;
using System.Threading;

namespace Auriko.Streaming
{
    /// <summary>
    /// Wraps the response stream so a read can be abandoned at once: when no byte arrives for the idle timeout, or when
    /// the reader is aborted (caller cancellation). The timer runs only while a read waits, so a slow stream that keeps
    /// sending never times out. It also bounds memory: the SSE parser buffers a whole line and a whole event, so more
    /// than <c>maxEventBytes</c> without an event boundary (a blank line) fails with <see cref="StreamLimitExceededException"/>.
    /// </summary>
    /// <remarks>
    /// Reads are synchronous (<see cref="ChatCompletionStream.MoveNext"/>: the calling thread waits for bytes) or
    /// asynchronous (<see cref="ChatCompletionStream.MoveNextAsync"/>: no thread waits). Either way, aborting closes
    /// the response, which ends a pending receive at once.
    /// </remarks>
    internal sealed class IdleTimeoutStream : Stream
    {
        private readonly Stream _inner;
        private readonly TimeSpan _timeout;
        private readonly Action _abort;
        private readonly Timer? _timer;
        private readonly long _maxEventBytes;
        private int _timedOut;
        private long _lineBytes;
        private long _eventBytes;
        private bool _afterCr;

        public IdleTimeoutStream(Stream inner, TimeSpan timeout, Action abort, long maxEventBytes = long.MaxValue)
        {
            _inner = inner;
            _timeout = timeout;
            _abort = abort;
            _maxEventBytes = maxEventBytes;
            if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            {
                _timer = new Timer(_ => OnIdle(), null, Timeout.Infinite, Timeout.Infinite);
            }
        }

        /// <summary>True once the idle timer fired.</summary>
        public bool TimedOut => Volatile.Read(ref _timedOut) != 0;

        /// <summary>The timeout as text for messages, e.g. "5 s".</summary>
        public string IdleTimeoutText => _timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read;
            _timer?.Change(_timeout, Timeout.InfiniteTimeSpan);
            try
            {
                read = _inner.Read(buffer, offset, count);
            }
            finally
            {
                _timer?.Change(Timeout.Infinite, Timeout.Infinite);
            }

            if (read > 0 && _maxEventBytes != long.MaxValue)
            {
                Count(buffer, offset, read);
            }

            return read;
        }

        /// <summary>The asynchronous read, under the same idle timeout and limits as <see cref="Read"/>.</summary>
        public override async System.Threading.Tasks.Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            int read;
            _timer?.Change(_timeout, Timeout.InfiniteTimeSpan);
            try
            {
                read = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _timer?.Change(Timeout.Infinite, Timeout.Infinite);
            }

            if (read > 0 && _maxEventBytes != long.MaxValue)
            {
                Count(buffer, offset, read);
            }

            return read;
        }

        /// <summary>Tracks the bytes of the current line and event (CR, LF or CRLF end a line; an empty line ends an event).</summary>
        private void Count(byte[] buffer, int offset, int count)
        {
            // Whole runs between line breaks at a time (IndexOfAny is vectorised): this runs on every read of every stream.
            var span = new ReadOnlySpan<byte>(buffer, offset, count);
            while (!span.IsEmpty)
            {
                if (_afterCr && span[0] == (byte)'\n')
                {
                    // The LF of a CRLF: the line already ended at the CR.
                    _afterCr = false;
                    span = span.Slice(1);
                    continue;
                }

                _afterCr = false;
                var lineEnd = span.IndexOfAny((byte)'\r', (byte)'\n');
                var run = lineEnd < 0 ? span.Length : lineEnd;
                if (run > 0)
                {
                    _lineBytes += run;
                    _eventBytes += run;
                    if (_eventBytes > _maxEventBytes)
                    {
                        throw new StreamLimitExceededException(_maxEventBytes, _lineBytes > _maxEventBytes);
                    }
                }

                if (lineEnd < 0)
                {
                    return;
                }

                _eventBytes = _lineBytes == 0 ? 0 : _eventBytes + 1;
                _lineBytes = 0;
                _afterCr = span[lineEnd] == (byte)'\r';
                span = span.Slice(lineEnd + 1);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _timer?.Dispose();
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void OnIdle()
        {
            Interlocked.Exchange(ref _timedOut, 1);
            _abort();
        }
    }

    /// <summary>The stream sent more than the cap without ending a line or an event.</summary>
    internal sealed class StreamLimitExceededException : IOException
    {
        public StreamLimitExceededException(long cap, bool line)
            : base(line ? "a single line" : "a single event")
        {
            Cap = cap;
            IsLine = line;
        }

        public long Cap { get; }

        public bool IsLine { get; }

        /// <summary>"64 MB", or bytes below 1 MB.</summary>
        public string CapText => Cap >= 1024 * 1024
            ? (Cap / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " MB"
            : Cap.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes";
    }
}
