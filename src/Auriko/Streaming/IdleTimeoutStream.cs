using System;
using System.IO;
using System.Threading;

namespace Auriko.Streaming
{
    /// <summary>
    /// Wraps the response stream so a read can be abandoned at once: when no byte arrives for the idle timeout, or when
    /// the reader is aborted (caller cancellation). The timer runs only while a read waits, so a slow stream that keeps
    /// sending never times out.
    /// </summary>
    /// <remarks>
    /// Reads stay synchronous (a blocking receive needs no thread-pool thread to complete, so many parallel streams
    /// cannot starve the pool); aborting closes the response, which ends a blocked receive at once.
    /// </remarks>
    internal sealed class IdleTimeoutStream : Stream
    {
        private readonly Stream _inner;
        private readonly TimeSpan _timeout;
        private readonly Action _abort;
        private readonly Timer? _timer;
        private int _timedOut;

        public IdleTimeoutStream(Stream inner, TimeSpan timeout, Action abort)
        {
            _inner = inner;
            _timeout = timeout;
            _abort = abort;
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
            _timer?.Change(_timeout, Timeout.InfiniteTimeSpan);
            try
            {
                return _inner.Read(buffer, offset, count);
            }
            finally
            {
                _timer?.Change(Timeout.Infinite, Timeout.Infinite);
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
}
