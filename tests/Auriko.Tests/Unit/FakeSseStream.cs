using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using Auriko.Streaming;

namespace Auriko.Tests.Unit
{
    /// <summary>A response stream that hands out given byte pieces one read at a time, then ends or hangs until disposed.</summary>
    internal sealed class FakeSseStream : Stream
    {
        private readonly Queue<byte[]> _pieces;
        private readonly bool _hangAtEnd;
        private readonly ManualResetEventSlim _disposed = new ManualResetEventSlim();

        public FakeSseStream(IEnumerable<byte[]> pieces, bool hangAtEnd = false)
        {
            _pieces = new Queue<byte[]>(pieces);
            _hangAtEnd = hangAtEnd;
        }

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public static ChatCompletionStream Open(string text, int pieceSize = int.MaxValue, bool hangAtEnd = false, TimeSpan? idle = null, string? requestId = "req_test")
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return Open(Split(bytes, pieceSize), hangAtEnd, idle, requestId);
        }

        public static ChatCompletionStream Open(IEnumerable<byte[]> pieces, bool hangAtEnd = false, TimeSpan? idle = null, string? requestId = "req_test")
        {
            var fake = new FakeSseStream(pieces, hangAtEnd);
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(fake) };
            var headers = requestId is null ? ResponseHeaders.Empty : ErrorMappingTests.Headers(("X-Request-ID", requestId));
            var messages = new ChatCompletionRequest { Model = "m", Messages = new[] { ChatMessage.User("hi") } };
            var reader = new SseChunkReader(response, fake, headers, idle ?? TimeSpan.FromSeconds(30), messages, "ak_secret_key_0123456789", null);
            return new ChatCompletionStream(reader);
        }

        public static IEnumerable<byte[]> Split(byte[] bytes, int size)
        {
            for (var i = 0; i < bytes.Length; i += size)
            {
                var n = Math.Min(size, bytes.Length - i);
                var piece = new byte[n];
                Array.Copy(bytes, i, piece, 0, n);
                yield return piece;
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            if (_pieces.Count == 0)
            {
                if (_hangAtEnd)
                {
                    _disposed.Wait();
                    throw new ObjectDisposedException(nameof(FakeSseStream));
                }

                return 0;
            }

            var piece = _pieces.Peek();
            var n = Math.Min(count, piece.Length);
            Array.Copy(piece, 0, buffer, offset, n);
            if (n == piece.Length)
            {
                _pieces.Dequeue();
            }
            else
            {
                var rest = new byte[piece.Length - n];
                Array.Copy(piece, n, rest, 0, rest.Length);
                _pieces.Dequeue();
                var remaining = new Queue<byte[]>();
                remaining.Enqueue(rest);
                while (_pieces.Count > 0)
                {
                    remaining.Enqueue(_pieces.Dequeue());
                }

                while (remaining.Count > 0)
                {
                    _pieces.Enqueue(remaining.Dequeue());
                }
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _disposed.Set();
            base.Dispose(disposing);
        }
    }
}
