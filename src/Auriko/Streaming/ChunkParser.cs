using System;
using System.Text.Json;
using Auriko.Errors;
using Auriko.Json;

namespace Auriko.Streaming
{
    /// <summary>What one SSE <c>data:</c> payload turned out to be.</summary>
    internal readonly struct StreamEvent
    {
        private StreamEvent(ChatCompletionChunk? chunk, bool done, Exception? error)
        {
            Chunk = chunk;
            IsDone = done;
            Error = error;
        }

        public ChatCompletionChunk? Chunk { get; }

        public bool IsDone { get; }

        public Exception? Error { get; }

        public static StreamEvent Skip => default;

        public static StreamEvent Done => new StreamEvent(null, true, null);

        public static StreamEvent Of(ChatCompletionChunk chunk) => new StreamEvent(chunk, false, null);

        public static StreamEvent Fail(Exception error) => new StreamEvent(null, false, error);
    }

    /// <summary>
    /// Turns one SSE <c>data:</c> payload into a <see cref="StreamEvent"/>: <c>[DONE]</c>, a chunk (read by
    /// <see cref="ChatWireReader"/>, the same reader as non-streamed bodies), or an error (mapped by
    /// <see cref="ErrorMapper"/>, the same mapper as HTTP errors).
    /// </summary>
    internal static class ChunkParser
    {
        /// <param name="data">One SSE data payload.</param>
        /// <param name="headers">The stream's headers.</param>
        /// <param name="secret">The key, to redact from error messages.</param>
        /// <param name="previous">The stream's previous chunk (its repeated strings are reused).</param>
        public static StreamEvent Parse(ReadOnlySpan<byte> data, ResponseHeaders headers, string? secret, ChatCompletionChunk? previous)
        {
            data = Trim(data);
            if (data.IsEmpty)
            {
                return StreamEvent.Skip;
            }

            if (data.SequenceEqual("[DONE]"u8))
            {
                return StreamEvent.Done;
            }

            if (!Utf8Validator.IsValid(data))
            {
                return StreamEvent.Fail(Invalid("an event that is not valid UTF-8", headers, null));
            }

            WireResponse wire;
            try
            {
                wire = ChatWireReader.Read(data, streamed: true, previous);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is ArgumentException)
            {
                return StreamEvent.Fail(Invalid("an event that is not valid JSON", headers, ex));
            }

            if (wire.IsError)
            {
                return StreamEvent.Fail(ErrorMapper.FromPayload(data, headers, secret));
            }

            if (wire.Shape != null)
            {
                return StreamEvent.Fail(Invalid($"an event that is {wire.Shape}, not a JSON object,", headers, null));
            }

            return StreamEvent.Of(wire.ToChunk(headers));
        }

        private static AurikoException Invalid(string what, ResponseHeaders headers, Exception? inner)
        {
            return new AurikoException($"The server sent {what} in the chat completion stream{ResponseHeaders.RequestIdText(headers)}.", inner)
            {
                RequestId = headers.RequestId,
            };
        }

        private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> data)
        {
            var start = 0;
            var end = data.Length;
            while (start < end && IsSpace(data[start]))
            {
                start++;
            }

            while (end > start && IsSpace(data[end - 1]))
            {
                end--;
            }

            return data.Slice(start, end - start);
        }

        private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n';
    }
}
