using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Auriko.Streaming;
using Xunit;

namespace Auriko.Tests.Unit
{
    public sealed class StreamLifetimeTests
    {
        [Fact]
        public async Task Dispose_during_a_blocked_read_leaves_the_parser_buffer_to_the_reading_thread()
        {
            var gate = new GatedStream();
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(gate) };
            var reader = new SseChunkReader(response, gate, ResponseHeaders.Empty, TimeSpan.FromSeconds(30), new ChatCompletionRequest { Model = "m", Messages = new[] { ChatMessage.User("hi") } }, null, null);
            var stream = new ChatCompletionStream(reader);

            var read = Task.Factory.StartNew(() => stream.MoveNext(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Assert.True(gate.Blocked.Wait(TimeSpan.FromSeconds(10)), "the reader never reached the stream");

            // Dispose on this thread while the reader is inside the parser. Had the parser's buffer been returned to
            // the shared pool here, this thread's next rent of that size would get it while the parser still fills it.
            stream.Dispose();
            var rented = ArrayPool<byte>.Shared.Rent(gate.RequestedCount);
            Array.Clear(rented, 0, rented.Length);

            gate.Release.Set();
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => read);
            Assert.True(ex is AurikoConnectionException || ex is ObjectDisposedException, ex.ToString());

            Assert.True(Array.TrueForAll(rented, b => b == 0), "an array rented after Dispose was written by the parser (its buffer went back to the pool while in use)");
            Assert.True(gate.Disposed, "the response stream was not closed");
            Assert.Same(ex, Assert.ThrowsAny<Exception>(() => stream.MoveNext()));
        }

        [Fact]
        public void Dispose_without_a_running_read_releases_at_once_and_twice_is_harmless()
        {
            var gate = new GatedStream();
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(gate) };
            var reader = new SseChunkReader(response, gate, ResponseHeaders.Empty, TimeSpan.FromSeconds(30), new ChatCompletionRequest { Model = "m", Messages = new[] { ChatMessage.User("hi") } }, null, null);
            var stream = new ChatCompletionStream(reader);

            stream.Dispose();
            stream.Dispose();
            Assert.True(gate.Disposed);
            Assert.Throws<ObjectDisposedException>(() => stream.MoveNext());
        }

        [Theory]
        [InlineData("data: ", "xxxxxxxx", "line break")]
        [InlineData("data: {", "\"a\":1,\n", "blank line")]
        public void An_endless_line_or_event_fails_typed_instead_of_exhausting_memory(string head, string repeat, string expected)
        {
            var endless = new EndlessStream(Encoding.UTF8.GetBytes(head), Encoding.UTF8.GetBytes(repeat));
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(endless) };
            var headers = ErrorMappingTests.Headers(("X-Request-ID", "req_big"));
            var reader = new SseChunkReader(response, endless, headers, TimeSpan.FromSeconds(30), new ChatCompletionRequest { Model = "m", Messages = new[] { ChatMessage.User("hi") } }, null, null, maxEventBytes: 1024 * 1024);
            using var stream = new ChatCompletionStream(reader);

            var ex = Assert.Throws<AurikoConnectionException>(() => stream.MoveNext());
            Assert.Contains("1 MB", ex.Message);
            Assert.Contains(expected, ex.Message);
            Assert.Contains("req_big", ex.Message);
            Assert.Equal("req_big", ex.RequestId);
            Assert.InRange(endless.Total, 1024 * 1024, 3 * 1024 * 1024);
            Assert.Same(ex, Assert.Throws<AurikoConnectionException>(() => stream.MoveNext()));
        }

        [Fact]
        public void Many_events_under_the_cap_may_exceed_it_in_total()
        {
            var chunk = "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + new string('a', 300) + "\"}}]}";
            var sb = new StringBuilder();
            for (var i = 0; i < 20; i++)
            {
                sb.Append(i % 2 == 0 ? "data: " : ": comment\r\ndata: ").Append(chunk).Append(i % 2 == 0 ? "\n\n" : "\r\n\r\n");
            }

            sb.Append("data: [DONE]\n\n");
            var fake = new FakeSseStream(FakeSseStream.Split(Encoding.UTF8.GetBytes(sb.ToString()), 100));
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(fake) };
            var reader = new SseChunkReader(response, fake, ResponseHeaders.Empty, TimeSpan.FromSeconds(30), new ChatCompletionRequest { Model = "m", Messages = new[] { ChatMessage.User("hi") } }, null, null, maxEventBytes: 400);
            using var stream = new ChatCompletionStream(reader);

            var n = 0;
            while (stream.MoveNext())
            {
                n++;
            }

            Assert.Equal(20, n);
        }

        /// <summary>Sends a head, then one piece forever.</summary>
        private sealed class EndlessStream : Stream
        {
            private readonly byte[] _head;
            private readonly byte[] _repeat;

            public EndlessStream(byte[] head, byte[] repeat)
            {
                _head = head;
                _repeat = repeat;
            }

            public long Total { get; private set; }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = 0;
                while (n < count)
                {
                    var source = Total < _head.Length ? _head : _repeat;
                    var at = (int)(Total < _head.Length ? Total : (Total - _head.Length) % _repeat.Length);
                    var take = Math.Min(count - n, source.Length - at);
                    Array.Copy(source, at, buffer, offset + n, take);
                    n += take;
                    Total += take;
                }

                return n;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        /// <summary>Blocks the first read until released (closing it does not unblock it), returns bytes without a line end, then ends.</summary>
        private sealed class GatedStream : Stream
        {
            private int _reads;

            public ManualResetEventSlim Blocked { get; } = new ManualResetEventSlim();

            public ManualResetEventSlim Release { get; } = new ManualResetEventSlim();

            public int RequestedCount { get; private set; }

            public bool Disposed { get; private set; }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (Interlocked.Increment(ref _reads) > 1)
                {
                    return 0;
                }

                RequestedCount = count;
                Blocked.Set();
                Release.Wait(TimeSpan.FromSeconds(10));
                buffer.AsSpan(offset, count).Fill((byte)'x');
                return count;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                Disposed = true;
                base.Dispose(disposing);
            }
        }
    }
}
