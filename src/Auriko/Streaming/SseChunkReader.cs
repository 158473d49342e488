using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Auriko.Streaming
{
    /// <summary>
    /// Reads chat chunks from an SSE response with Microsoft's <see cref="SseParser"/> (comments, CRLF, split reads,
    /// event/id/retry fields), adding Auriko's rules: <c>[DONE]</c> ends, an <c>error</c> payload throws the mapped
    /// exception, EOF before <c>[DONE]</c> is a truncated stream, and no byte for the timeout is an idle timeout.
    /// </summary>
    internal sealed class SseChunkReader : IDisposable
    {
        /// <summary>How long to wait for the end of the body after <c>[DONE]</c> before giving the connection up.</summary>
        private const int DrainTimeoutMs = 250;

        private readonly HttpResponseMessage _response;
        private readonly IdleTimeoutStream _stream;
        private readonly IEnumerator<SseItem<StreamEvent>> _events;
        private readonly Action<string>? _onFinished;
        private ChatCompletionChunk? _last;
        private int _chunks;
        private bool _done;
        private Exception? _failure;
        private int _disposed;

        public SseChunkReader(HttpResponseMessage response, Stream content, ResponseHeaders headers, TimeSpan idleTimeout, IReadOnlyList<ChatMessage> requestMessages, string? secret, Action<string>? onFinished)
        {
            _response = response;
            Headers = headers;
            Aggregator = new StreamAggregator(requestMessages);
            _onFinished = onFinished;
            _stream = new IdleTimeoutStream(content, idleTimeout, Abort);
            _events = SseParser.Create(_stream, (type, data) => ChunkParser.Parse(data, headers, secret, _last)).Enumerate().GetEnumerator();
        }

        public ResponseHeaders Headers { get; }

        public StreamAggregator Aggregator { get; }

        /// <summary>The next chunk, or null after <c>[DONE]</c>.</summary>
        public ChatCompletionChunk? Read(CancellationToken cancellationToken)
        {
            if (_done)
            {
                return null;
            }

            if (_failure != null)
            {
                // A broken stream stays broken: report the same failure again rather than a confusing follow-up.
                ExceptionDispatchInfo.Capture(_failure).Throw();
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                throw new ObjectDisposedException(nameof(ChatCompletionStream));
            }

            cancellationToken.ThrowIfCancellationRequested();

            // A blocked socket read ignores tokens; closing the response is what makes it return at once.
            using var registration = cancellationToken.CanBeCanceled ? cancellationToken.Register(Abort) : default;
            try
            {
                while (true)
                {
                    if (!_events.MoveNext())
                    {
                        throw Fail(new AurikoConnectionException(
                            $"The stream ended before [DONE] after {_chunks} chunk(s); the answer is incomplete{RequestIdSuffix()}.", isTruncatedStream: true)
                        {
                            RequestId = Headers.RequestId,
                        });
                    }

                    var item = _events.Current.Data;
                    if (item.IsDone)
                    {
                        _done = true;
                        _onFinished?.Invoke($"Stream completed: {_chunks} chunk(s){RequestIdSuffix()}.");
                        DrainToEnd();
                        Release();
                        return null;
                    }

                    if (item.Error != null)
                    {
                        throw Fail(item.Error);
                    }

                    if (item.Chunk != null)
                    {
                        _chunks++;
                        _last = item.Chunk;
                        Aggregator.Add(item.Chunk);
                        return item.Chunk;
                    }
                }
            }
            catch (Exception ex) when (ex is not AurikoException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    throw Fail(new OperationCanceledException("The stream was cancelled.", ex, cancellationToken));
                }

                if (_stream.TimedOut)
                {
                    throw Fail(new AurikoConnectionException(
                        $"The stream sent nothing for {_stream.IdleTimeoutText} after {_chunks} chunk(s) (idle timeout){RequestIdSuffix()}.", ex, isTimeout: true)
                    {
                        RequestId = Headers.RequestId,
                    });
                }

                throw Fail(new AurikoConnectionException(
                    $"The stream broke after {_chunks} chunk(s): {ex.Message}{RequestIdSuffix()}.", ex) { RequestId = Headers.RequestId });
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Release();
            }
        }

        private Exception Fail(Exception error)
        {
            _failure = error;
            Release();
            return error;
        }

        /// <summary>
        /// After <c>[DONE]</c> only the end of the HTTP body (the chunked terminator) is left. The pool is configured
        /// not to drain bodies itself (so cancellation is instant), so a response disposed before that terminator is read
        /// loses its connection. Read it here, bounded in bytes and time; if the server keeps the body open, abort as before.
        /// </summary>
        private void DrainToEnd()
        {
            const int MaxDrainBytes = 64 * 1024;
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                using var deadline = new Timer(static state => ((SseChunkReader)state!).Abort(), this, DrainTimeoutMs, Timeout.Infinite);
                var total = 0;
                int read;
                while (total < MaxDrainBytes && (read = _stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                }
            }
            catch (Exception)
            {
                // Best effort: the answer is complete; at worst this connection is not reused.
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private string RequestIdSuffix() => Headers.RequestId is null ? string.Empty : $" (request {Headers.RequestId})";

        private void Abort()
        {
            try
            {
                _response.Dispose();
            }
            catch (Exception)
            {
                // Aborting is best effort; the blocked read fails either way.
            }
        }

        private void Release()
        {
            try
            {
                _events.Dispose();
            }
            catch (Exception)
            {
                // The enumerator may still be inside a read on another thread; disposing the response below ends it.
            }

            _stream.Dispose();
            Abort();
        }
    }
}
