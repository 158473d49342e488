using System;
using System.Threading;
using System.Threading.Tasks;

namespace Auriko
{
    /// <summary>
    /// A streamed chat completion: read chunks with <see cref="MoveNext"/> or <see cref="MoveNextAsync"/> and
    /// <see cref="Current"/>, then call <see cref="GetFinalCompletion"/> for the aggregate. Not thread-safe: one reader at a time.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A stream of chunks, named as the SDKs name it; part of the public contract.")]
    public sealed class ChatCompletionStream : IDisposable
    {
        private readonly Streaming.SseChunkReader _reader;
        private ChatCompletionChunk? _current;

        internal ChatCompletionStream(Streaming.SseChunkReader reader)
        {
            _reader = reader;
        }

        /// <summary>The HTTP headers of the stream, available before the first chunk.</summary>
        public ResponseHeaders ResponseHeaders => _reader.Headers;

        /// <summary>The chunk read by the last successful move.</summary>
        /// <exception cref="InvalidOperationException">No chunk has been read yet.</exception>
        public ChatCompletionChunk Current => _current ?? throw new InvalidOperationException("Call MoveNext or MoveNextAsync first.");

        /// <summary>The last non-null usage seen so far (usually on the last chunk).</summary>
        public Usage? Usage => _reader.Aggregator.Usage;

        /// <summary>The last non-null routing metadata seen so far (usually on the last chunk).</summary>
        public RoutingMetadata? RoutingMetadata => _reader.Aggregator.RoutingMetadata;

        /// <summary>Reads the next chunk asynchronously: no thread waits while the chunk is on its way.</summary>
        /// <remarks>Read a stream either with this method or with <see cref="MoveNext"/>, not both.</remarks>
        /// <param name="cancellationToken">Cancels the read at once (the connection is closed).</param>
        /// <returns>True when a chunk was read; false after <c>data: [DONE]</c>.</returns>
        /// <exception cref="AurikoApiException">The server sent an error event (mapped to its typed subclass).</exception>
        /// <exception cref="AurikoConnectionException">The stream ended before <c>[DONE]</c>, broke, or was idle for the timeout.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public async Task<bool> MoveNextAsync(CancellationToken cancellationToken = default)
        {
            var chunk = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (chunk is null)
            {
                return false;
            }

            _current = chunk;
            return true;
        }

        /// <summary>Reads the next chunk, blocking the calling thread until it arrives (the cmdlets read this way, on the pipeline thread).</summary>
        /// <remarks>Read a stream either with this method or with <see cref="MoveNextAsync"/>, not both.</remarks>
        /// <param name="cancellationToken">Cancels the read at once (the connection is closed).</param>
        /// <returns>True when a chunk was read; false after <c>data: [DONE]</c>.</returns>
        /// <exception cref="AurikoApiException">The server sent an error event (mapped to its typed subclass).</exception>
        /// <exception cref="AurikoConnectionException">The stream ended before <c>[DONE]</c>, broke, or was idle for the timeout.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public bool MoveNext(CancellationToken cancellationToken = default)
        {
            var chunk = _reader.Read(cancellationToken);
            if (chunk is null)
            {
                return false;
            }

            _current = chunk;
            return true;
        }

        /// <summary>The completion assembled from every chunk read so far: content, reasoning, tool calls, finish reason, usage, routing metadata, headers and History.</summary>
        public ChatCompletion GetFinalCompletion() => _reader.Aggregator.Build(_reader.Headers);

        /// <summary>
        /// A chunk that closes the stream for a consumer that passes chunks on (as the cmdlet does):
        /// <see cref="ChatCompletionChunk.IsFinal"/> is true, <see cref="ChatCompletionChunk.Completion"/> is
        /// <see cref="GetFinalCompletion"/> (with History), and Usage and RoutingMetadata are the stream's when the
        /// chunk has none. Call it after <see cref="MoveNext"/> returned false.
        /// </summary>
        /// <param name="basedOn">
        /// A chunk of this stream the consumer held back and has not passed on (typically a text-free last chunk):
        /// the result copies its choices and fields. When null, the result has no choices and the id, model and
        /// created time of the last chunk read. Chunks already handed out are never changed.
        /// </param>
        /// <returns>A new chunk.</returns>
        public ChatCompletionChunk CreateFinalChunk(ChatCompletionChunk? basedOn = null)
        {
            var completion = GetFinalCompletion();
            var last = basedOn ?? _current;
            return new ChatCompletionChunk
            {
                Id = last?.Id ?? completion.Id,
                Model = last?.Model ?? completion.Model,
                Created = last?.Created ?? completion.Created,
                Choices = basedOn?.Choices ?? ChatCompletionChunk.NoChoices,
                Usage = basedOn?.Usage ?? Usage ?? completion.Usage,
                RoutingMetadata = basedOn?.RoutingMetadata ?? RoutingMetadata ?? completion.RoutingMetadata,
                ResponseHeaders = ResponseHeaders,
                IsFinal = true,
                Completion = completion,
            };
        }

        /// <summary>Closes the connection.</summary>
        public void Dispose() => _reader.Dispose();
    }
}
