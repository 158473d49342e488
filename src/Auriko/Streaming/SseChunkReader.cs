using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Auriko.Streaming
{
    /// <summary>
    /// Reads chat chunks from an SSE response with Microsoft's <see cref="SseParser"/> (comments, CRLF, split reads,
    /// event/id/retry fields), synchronously or asynchronously, adding Auriko's rules: <c>[DONE]</c> ends, an <c>error</c> payload throws the mapped
    /// exception, EOF before <c>[DONE]</c> is a truncated stream, and no byte for the timeout is an idle timeout.
    /// </summary>
    internal sealed class SseChunkReader : IDisposable
    {
        /// <summary>How long to wait for the end of the body after <c>[DONE]</c> before giving the connection up.</summary>
        private const int DrainTimeoutMs = 250;

        private readonly HttpResponseMessage _response;
        private readonly IdleTimeoutStream _stream;
        private readonly SseParser<StreamEvent> _parser;
        private readonly SurrogateJoiner _joiner = new SurrogateJoiner();

        // The parser is enumerated one way for the stream's life, chosen by the first read: synchronously (the cmdlet
        // reads on the pipeline thread) or asynchronously (no thread is held while waiting for the next chunk).
        private IEnumerator<SseItem<StreamEvent>>? _events;
        private IAsyncEnumerator<SseItem<StreamEvent>>? _asyncEvents;
        private readonly Action<string>? _onFinished;
        private readonly Action _abort; // one delegate for the per-read cancellation registration, not one per chunk
        private ChatCompletionChunk? _last;
        private int _chunks;
        private bool _done;
        private Exception? _failure;
        private int _disposed;
        private int _reading;
        private int _released;

        public SseChunkReader(
            HttpResponseMessage response,
            Stream content,
            ResponseHeaders headers,
            TimeSpan idleTimeout,
            ChatCompletionRequest asked,
            string? secret,
            Action<string>? onFinished,
            long maxEventBytes = Http.Transport.MaxBodyBytes)
        {
            _response = response;
            Headers = headers;
            Aggregator = new StreamAggregator(asked);
            _onFinished = onFinished;
            _abort = Abort;
            _stream = new IdleTimeoutStream(content, idleTimeout, _abort, maxEventBytes);
            _parser = SseParser.Create(_stream, (type, data) => ChunkParser.Parse(data, headers, secret, _last));
        }

        public ResponseHeaders Headers { get; }

        public StreamAggregator Aggregator { get; }

        /// <summary>The next chunk, or null after <c>[DONE]</c>; blocks the calling thread while waiting.</summary>
        public ChatCompletionChunk? Read(CancellationToken cancellationToken)
        {
            if (!BeginRead())
            {
                return null;
            }

            try
            {
                if (_asyncEvents != null)
                {
                    throw new InvalidOperationException("This stream is read asynchronously; keep using MoveNextAsync.");
                }

                _events ??= _parser.Enumerate().GetEnumerator();
                cancellationToken.ThrowIfCancellationRequested();

                // A blocked socket read ignores tokens; closing the response is what makes it return at once.
                using var registration = cancellationToken.CanBeCanceled ? cancellationToken.Register(_abort) : default;
                try
                {
                    while (true)
                    {
                        if (!_events.MoveNext())
                        {
                            throw Truncated();
                        }

                        if (Accept(_events.Current.Data, out var chunk))
                        {
                            if (chunk is null)
                            {
                                DrainToEnd();
                                Release();
                            }

                            return chunk;
                        }
                    }
                }
                catch (Exception ex) when (ex is not AurikoException)
                {
                    throw Translate(ex, cancellationToken);
                }
            }
            finally
            {
                EndRead();
            }
        }

        /// <summary>The next chunk, or null after <c>[DONE]</c>; no thread waits while the chunk is on its way.</summary>
        public async Task<ChatCompletionChunk?> ReadAsync(CancellationToken cancellationToken)
        {
            if (!BeginRead())
            {
                return null;
            }

            try
            {
                if (_events != null)
                {
                    throw new InvalidOperationException("This stream is read synchronously; keep using MoveNext.");
                }

                // The parser is given no token: cancelling it mid-read would leave it unusable. The registration below
                // closes the response instead, which ends the pending read at once on every runtime.
                _asyncEvents ??= _parser.EnumerateAsync(CancellationToken.None).GetAsyncEnumerator(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                using var registration = cancellationToken.CanBeCanceled ? cancellationToken.Register(_abort) : default;
                try
                {
                    while (true)
                    {
                        if (!await _asyncEvents.MoveNextAsync().ConfigureAwait(false))
                        {
                            throw Truncated();
                        }

                        if (Accept(_asyncEvents.Current.Data, out var chunk))
                        {
                            if (chunk is null)
                            {
                                await DrainToEndAsync().ConfigureAwait(false);
                                Release();
                            }

                            return chunk;
                        }
                    }
                }
                catch (Exception ex) when (ex is not AurikoException)
                {
                    throw Translate(ex, cancellationToken);
                }
            }
            finally
            {
                EndRead();
            }
        }

        /// <summary>False when the stream already ended; throws the same failure again when it broke before.</summary>
        private bool BeginRead()
        {
            if (_done)
            {
                return false;
            }

            if (_failure != null)
            {
                // A broken stream stays broken: report the same failure again rather than a confusing follow-up.
                ExceptionDispatchInfo.Capture(_failure).Throw();
            }

            // Marks the read as running before checking for disposal: a Dispose from another thread then either
            // sees the mark (and only aborts, leaving the parser to this reader) or happened before the check below.
            Interlocked.Exchange(ref _reading, 1);
            if (Volatile.Read(ref _disposed) != 0)
            {
                Interlocked.Exchange(ref _reading, 0);
                throw new ObjectDisposedException(nameof(ChatCompletionStream));
            }

            return true;
        }

        private void EndRead()
        {
            Interlocked.Exchange(ref _reading, 0);
            if (Volatile.Read(ref _disposed) != 0)
            {
                // Disposed while this read ran: Dispose only aborted; the parser is released here, by its reader.
                Release();
            }
        }

        /// <summary>
        /// Handles one parsed event: true with the chunk to return (null at <c>[DONE]</c>), false to read on (a comment
        /// or an empty event); throws the event's error.
        /// </summary>
        private bool Accept(StreamEvent item, out ChatCompletionChunk? chunk)
        {
            chunk = null;
            if (item.IsDone)
            {
                _done = true;
                foreach (var (index, reasoning) in _joiner.Unjoined())
                {
                    Aggregator.AddLoneHalf(index, reasoning);
                }

                _onFinished?.Invoke($"Stream completed: {_chunks} chunk(s){RequestIdSuffix()}.");
                return true;
            }

            if (item.Error != null)
            {
                throw Fail(item.Error);
            }

            if (item.Chunk is null)
            {
                return false;
            }

            _joiner.Apply(item.Chunk);
            _chunks++;
            _last = item.Chunk;
            Aggregator.Add(item.Chunk);
            chunk = item.Chunk;
            return true;
        }

        private Exception Truncated() => Fail(new AurikoConnectionException(
            $"The stream ended before [DONE] after {_chunks} chunk(s); the answer is incomplete{RequestIdSuffix()}.", isTruncatedStream: true)
        {
            RequestId = Headers.RequestId,
        });

        /// <summary>Turns a failure of the read into the client's exception (and marks the stream broken).</summary>
        private Exception Translate(Exception ex, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Fail(new OperationCanceledException("The stream was cancelled.", ex, cancellationToken));
            }

            if (ex is StreamLimitExceededException limit)
            {
                return Fail(new AurikoConnectionException(
                    $"The stream sent more than {limit.CapText} in {limit.Message} (no {(limit.IsLine ? "line break" : "blank line ending the event")}) after {_chunks} chunk(s); " +
                    $"the connection was closed to protect memory{RequestIdSuffix()}.", ex)
                {
                    RequestId = Headers.RequestId,
                });
            }

            if (_stream.TimedOut)
            {
                return Fail(new AurikoConnectionException(
                    $"The stream sent nothing for {_stream.IdleTimeoutText} after {_chunks} chunk(s) (idle timeout){RequestIdSuffix()}.", ex, isTimeout: true)
                {
                    RequestId = Headers.RequestId,
                });
            }

            return Fail(new AurikoConnectionException(
                $"The stream broke after {_chunks} chunk(s): {ex.Message}{RequestIdSuffix()}.", ex) { RequestId = Headers.RequestId });
        }

        /// <summary>
        /// Closes the stream. Safe to call from another thread while a read is blocked: the parser enumerator (which owns
        /// a buffer rented from the shared pool) must only be disposed by the thread that runs it, so a running read is
        /// aborted (the response is closed, which ends the blocked receive) and that read releases everything as it returns.
        /// </summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            if (Volatile.Read(ref _reading) != 0)
            {
                Abort();
            }
            else
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

        /// <summary>The asynchronous twin of <see cref="DrainToEnd"/>.</summary>
        private async Task DrainToEndAsync()
        {
            const int MaxDrainBytes = 64 * 1024;
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                using var deadline = new Timer(static state => ((SseChunkReader)state!).Abort(), this, DrainTimeoutMs, Timeout.Infinite);
                var total = 0;
                int read;
                while (total < MaxDrainBytes && (read = await _stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
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

        private string RequestIdSuffix() => ResponseHeaders.RequestIdText(Headers);

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

        /// <summary>
        /// Closes the response, then disposes the parser (returning its pooled buffers) and the stream; runs once.
        /// Only called on the reading thread or when no read is running (see <see cref="Dispose"/>): disposing the parser
        /// enumerator while its MoveNext runs elsewhere would return its buffer to the pool while it is still in use.
        /// </summary>
        private void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            Abort();
            try
            {
                _events?.Dispose();
                _asyncEvents?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // Best effort: the parser only returns its buffers here.
            }

            _stream.Dispose();
        }
    }
}
