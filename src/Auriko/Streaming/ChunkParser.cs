using System;
using System.Collections.Generic;
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
    /// Parses chunk JSON with a forward-only <see cref="Utf8JsonReader"/> straight from the SSE buffer: streams can
    /// carry tens of thousands of chunks, so the hot fields avoid a DOM and property names are compared as UTF-8
    /// literals (no transcoding per comparison); only the rare <c>usage</c>,
    /// <c>routing_metadata</c> and <c>error</c> objects go through <see cref="JsonDocument"/>.
    /// </summary>
    internal static class ChunkParser
    {
        /// <param name="data">One SSE data payload.</param>
        /// <param name="headers">The stream's headers.</param>
        /// <param name="secret">The key, to redact from error messages.</param>
        /// <param name="previous">The stream's previous chunk: its id, model and created values are reused when the bytes match (no new strings per chunk).</param>
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

            try
            {
                var reader = new Utf8JsonReader(data, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return StreamEvent.Fail(Invalid("an event that is not a JSON object", headers, null));
                }

                var chunk = new ChatCompletionChunk { ResponseHeaders = headers };
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("id"u8))
                    {
                        reader.Read();
                        chunk.Id = ReadRepeatedString(ref reader, previous?.Id);
                    }
                    else if (reader.ValueTextEquals("model"u8))
                    {
                        reader.Read();
                        chunk.Model = ReadRepeatedString(ref reader, previous?.Model);
                    }
                    else if (reader.ValueTextEquals("created"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var created))
                        {
                            var prior = previous?.Created;
                            chunk.Created = prior.HasValue && prior.Value.ToUnixTimeSeconds() == created ? prior : JsonValues.FromUnix(created);
                        }
                        else
                        {
                            chunk.Created = null;
                        }
                    }
                    else if (reader.ValueTextEquals("choices"u8))
                    {
                        reader.Read();
                        chunk.Choices = ReadChoices(ref reader);
                    }
                    else if (reader.ValueTextEquals("usage"u8))
                    {
                        reader.Read();
                        using var doc = JsonDocument.ParseValue(ref reader);
                        chunk.Usage = ModelReader.ReadUsage(doc.RootElement);
                    }
                    else if (reader.ValueTextEquals("routing_metadata"u8))
                    {
                        reader.Read();
                        using var doc = JsonDocument.ParseValue(ref reader);
                        chunk.RoutingMetadata = ModelReader.ReadRoutingMetadata(doc.RootElement);
                    }
                    else if (reader.ValueTextEquals("error"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.String)
                        {
                            // The whole payload is the error envelope; re-read it as a document to map every field.
                            using var doc = JsonDocument.Parse(data.ToArray());
                            return StreamEvent.Fail(ErrorMapper.FromStreamEvent(doc.RootElement, headers, secret));
                        }

                        reader.Skip();
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                return StreamEvent.Of(chunk);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is ArgumentException)
            {
                return StreamEvent.Fail(Invalid("an event that is not valid JSON", headers, ex));
            }
        }

        private static AurikoException Invalid(string what, ResponseHeaders headers, Exception? inner)
        {
            return new AurikoException($"The server sent {what} in the chat completion stream{ResponseHeaders.RequestIdText(headers)}.", inner);
        }

        private static IReadOnlyList<ChatChunkChoice> ReadChoices(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return ChatCompletionChunk.NoChoices;
            }

            List<ChatChunkChoice>? list = null;
            var position = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                var choice = new ChatChunkChoice { Index = position++ };
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("index"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index))
                        {
                            choice.Index = index;
                        }
                    }
                    else if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
                    {
                        reader.Read();
                        ReadDelta(ref reader, choice);
                    }
                    else if (reader.ValueTextEquals("finish_reason"u8))
                    {
                        reader.Read();
                        choice.FinishReason = ReadString(ref reader);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                (list ??= new List<ChatChunkChoice>(1)).Add(choice);
            }

            return list ?? (IReadOnlyList<ChatChunkChoice>)ChatCompletionChunk.NoChoices;
        }

        private static void ReadDelta(ref Utf8JsonReader reader, ChatChunkChoice choice)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    choice.Content = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
                {
                    reader.Read();
                    choice.ReasoningContent = ReadString(ref reader) ?? choice.ReasoningContent;
                }
                else if (reader.ValueTextEquals("role"u8))
                {
                    reader.Read();
                    choice.Role = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("tool_calls"u8))
                {
                    reader.Read();
                    choice.ToolCalls = ReadToolCalls(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        private static IReadOnlyList<ToolCallDelta> ReadToolCalls(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return ChatCompletionChunk.NoToolCalls;
            }

            var list = new List<ToolCallDelta>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                var delta = new ToolCallDelta { Index = list.Count };
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("index"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index))
                        {
                            delta.Index = index;
                        }
                    }
                    else if (reader.ValueTextEquals("id"u8))
                    {
                        reader.Read();
                        delta.Id = ReadString(ref reader);
                    }
                    else if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        delta.Type = ReadString(ref reader);
                    }
                    else if (reader.ValueTextEquals("function"u8))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            reader.Skip();
                            continue;
                        }

                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (reader.ValueTextEquals("name"u8))
                            {
                                reader.Read();
                                delta.FunctionName = ReadString(ref reader);
                            }
                            else if (reader.ValueTextEquals("arguments"u8))
                            {
                                reader.Read();
                                delta.Arguments = ReadString(ref reader);
                            }
                            else
                            {
                                reader.Read();
                                reader.Skip();
                            }
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                list.Add(delta);
            }

            return list;
        }

        /// <summary>Like <see cref="ReadString"/>, but returns <paramref name="previous"/> when the value is the same text (id and model repeat on every chunk).</summary>
        private static string? ReadRepeatedString(ref Utf8JsonReader reader, string? previous)
        {
            if (previous != null && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(previous))
            {
                return previous;
            }

            return ReadString(ref reader);
        }

        /// <summary>Reads a string; null for JSON null; numbers and booleans as their text; skips containers.</summary>
        private static string? ReadString(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Number:
                case JsonTokenType.True:
                case JsonTokenType.False:
                    return System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    reader.Skip();
                    return null;
                default:
                    return null;
            }
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
