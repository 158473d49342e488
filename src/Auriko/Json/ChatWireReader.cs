using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Auriko.Json
{
    /// <summary>
    /// The one reader of the chat wire schema. A non-streamed body and a stream chunk have the same shape (id, object,
    /// created, model, choices with a <c>message</c> or a <c>delta</c>, usage, routing_metadata), so both are read
    /// here, by the same code, into a <see cref="WireResponse"/>; <see cref="WireResponse.ToCompletion"/> and
    /// <see cref="WireResponse.ToChunk"/> then build the public models. Tolerances live here once: the
    /// <c>reasoning</c> alias of <c>reasoning_content</c>, tool-call arguments sent as an object, content sent as a
    /// list of parts, numbers where strings belong, and string escapes of lone UTF-16 halves.
    /// </summary>
    /// <remarks>
    /// A forward-only <see cref="Utf8JsonReader"/> with UTF-8 property names: streams can carry tens of thousands of
    /// chunks, so the hot fields avoid a DOM. Only the rare usage and routing_metadata objects go through
    /// <see cref="JsonDocument"/>.
    /// </remarks>
    internal static class ChatWireReader
    {
        private static readonly HashSet<string> RoutingKnown = new HashSet<string>(StringComparer.Ordinal)
        {
            "provider", "provider_model_id", "tier", "model_canonical", "routing_strategy", "total_latency_ms", "ttft_ms",
            "throughput_tps", "routing_decision_ms", "candidates_total", "candidates_viable", "cost", "warnings",
        };

        private static readonly HashSet<string> CostKnown = new HashSet<string>(StringComparer.Ordinal)
        {
            "billable_cost_usd", "usd", "input_tokens", "output_tokens", "cache_savings_usd", "cache_savings_percent",
        };

        /// <summary>
        /// Reads one response body or chunk payload.
        /// </summary>
        /// <param name="json">The JSON text (UTF-8).</param>
        /// <param name="streamed">
        /// True for a stream chunk: content and reasoning keep lone UTF-16 halves, so the stream can join a character
        /// split across two chunks. False for a body: lone halves become U+FFFD at once.
        /// </param>
        /// <param name="previous">The stream's previous chunk, whose id, model and created values are reused when the bytes match (no new strings per chunk).</param>
        /// <exception cref="JsonException">The text is not JSON.</exception>
        public static WireResponse Read(ReadOnlySpan<byte> json, bool streamed, ChatCompletionChunk? previous = null)
        {
            var wire = new WireResponse();
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read())
            {
                throw new JsonException("Empty JSON text.");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                wire.Shape = reader.TokenType == JsonTokenType.StartArray ? "a JSON array" : "a JSON " + Describe(reader.TokenType);
                reader.Skip();
                return wire;
            }

            var hasError = false;
            var hasDetail = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    wire.Id = ReadRepeated(ref reader, previous?.Id);
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    wire.Model = ReadRepeated(ref reader, previous?.Model);
                }
                else if (reader.ValueTextEquals("object"u8))
                {
                    reader.Read();
                    wire.Object = ReadString(ref reader, keepLoneHalves: false);
                }
                else if (reader.ValueTextEquals("created"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var created))
                    {
                        var prior = previous?.Created;
                        wire.Created = prior.HasValue && prior.Value.ToUnixTimeSeconds() == created ? prior : JsonValues.FromUnix(created);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("system_fingerprint"u8))
                {
                    reader.Read();
                    wire.SystemFingerprint = ReadString(ref reader, keepLoneHalves: false);
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    wire.HasChoices = reader.TokenType == JsonTokenType.StartArray;
                    wire.Choices = ReadChoices(ref reader, streamed);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    using var doc = JsonDocument.ParseValue(ref reader);
                    wire.Usage = ReadUsage(doc.RootElement);
                }
                else if (reader.ValueTextEquals("routing_metadata"u8))
                {
                    reader.Read();
                    using var doc = JsonDocument.ParseValue(ref reader);
                    wire.RoutingMetadata = ReadRoutingMetadata(doc.RootElement);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    hasError = reader.TokenType == JsonTokenType.StartObject || (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0);
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("detail"u8))
                {
                    reader.Read();
                    hasDetail = reader.TokenType != JsonTokenType.Null;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            wire.IsError = Errors.ErrorMapper.IsErrorPayload(hasError, hasDetail, wire.HasChoices);
            return wire;
        }

        public static Usage? ReadUsage(JsonElement u)
        {
            if (u.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new Usage
            {
                PromptTokens = u.Int("prompt_tokens") ?? 0,
                CompletionTokens = u.Int("completion_tokens") ?? 0,
                TotalTokens = u.Int("total_tokens") ?? ((u.Int("prompt_tokens") ?? 0) + (u.Int("completion_tokens") ?? 0)),
                PromptTokensDetails = u.TryProp("prompt_tokens_details", out var p) ? ReadDetails(p) : null,
                CompletionTokensDetails = u.TryProp("completion_tokens_details", out var c) ? ReadDetails(c) : null,
                RawJson = u.GetRawText(),
            };
        }

        public static RoutingMetadata? ReadRoutingMetadata(JsonElement r)
        {
            if (r.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var metadata = new RoutingMetadata
            {
                Provider = r.Str("provider"),
                ProviderModelId = r.Str("provider_model_id"),
                Tier = r.Str("tier"),
                ModelCanonical = r.Str("model_canonical"),
                RoutingStrategy = r.Str("routing_strategy"),
                TotalLatencyMs = r.Dbl("total_latency_ms"),
                TtftMs = r.Dbl("ttft_ms"),
                ThroughputTps = r.Dbl("throughput_tps"),
                RoutingDecisionMs = r.Dbl("routing_decision_ms"),
                CandidatesTotal = r.Int("candidates_total"),
                CandidatesViable = r.Int("candidates_viable"),
                AdditionalProperties = JsonValues.Unknown(r, RoutingKnown),
                RawJson = r.GetRawText(),
            };

            if (r.TryProp("cost", out var cost) && cost.ValueKind == JsonValueKind.Object)
            {
                metadata.Cost = new RoutingCost(cost.Dbl("billable_cost_usd"), cost.Dbl("usd"))
                {
                    InputTokens = cost.Dbl("input_tokens"),
                    OutputTokens = cost.Dbl("output_tokens"),
                    CacheSavingsUsd = cost.Dbl("cache_savings_usd"),
                    CacheSavingsPercent = cost.Dbl("cache_savings_percent"),
                    AdditionalProperties = JsonValues.Unknown(cost, CostKnown),
                };
            }

            if (r.TryProp("warnings", out var warnings) && warnings.ValueKind == JsonValueKind.Array)
            {
                var list = new List<RoutingWarning>();
                foreach (var w in warnings.EnumerateArray())
                {
                    if (w.ValueKind == JsonValueKind.String)
                    {
                        list.Add(new RoutingWarning(w.GetString()!));
                    }
                    else if (w.ValueKind == JsonValueKind.Object)
                    {
                        var code = w.Str("code");
                        list.Add(new RoutingWarning(w.Str("message") ?? code ?? w.GetRawText()) { Code = code, Param = w.Str("param") });
                    }
                }

                metadata.Warnings = list;
            }

            return metadata;
        }

        private static TokenDetails? ReadDetails(JsonElement d) => d.ValueKind != JsonValueKind.Object ? null : new TokenDetails
        {
            CachedTokens = d.Int("cached_tokens"),
            ReasoningTokens = d.Int("reasoning_tokens"),
            TextTokens = d.Int("text_tokens"),
            ImageTokens = d.Int("image_tokens"),
            AudioTokens = d.Int("audio_tokens"),
        };

        private static List<WireChoice>? ReadChoices(ref Utf8JsonReader reader, bool streamed)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return null;
            }

            List<WireChoice>? list = null;
            var position = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                var choice = new WireChoice { Index = position++ };
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("index"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index))
                        {
                            choice.Index = index;
                        }
                        else
                        {
                            reader.Skip(); // a wrong type reads as absent, and an object or array must not derail the reader
                        }
                    }
                    else if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
                    {
                        reader.Read();
                        ReadMessage(ref reader, choice, streamed);
                    }
                    else if (reader.ValueTextEquals("finish_reason"u8))
                    {
                        reader.Read();
                        choice.FinishReason = ReadString(ref reader, keepLoneHalves: false);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                (list ??= new List<WireChoice>(1)).Add(choice);
            }

            return list;
        }

        /// <summary>A <c>message</c> (body) or <c>delta</c> (chunk): the same fields either way.</summary>
        private static void ReadMessage(ref Utf8JsonReader reader, WireChoice choice, bool streamed)
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
                    choice.Content = reader.TokenType == JsonTokenType.StartArray ? ReadContentParts(ref reader, streamed) : ReadString(ref reader, streamed);
                }
                else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
                {
                    reader.Read();
                    choice.ReasoningContent = ReadString(ref reader, streamed) ?? choice.ReasoningContent;
                }
                else if (reader.ValueTextEquals("role"u8))
                {
                    reader.Read();
                    choice.Role = ReadString(ref reader, keepLoneHalves: false);
                }
                else if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    choice.Name = ReadString(ref reader, keepLoneHalves: false);
                }
                else if (reader.ValueTextEquals("tool_call_id"u8))
                {
                    reader.Read();
                    choice.ToolCallId = ReadString(ref reader, keepLoneHalves: false);
                }
                else if (reader.ValueTextEquals("tool_calls"u8))
                {
                    reader.Read();
                    choice.ToolCalls = ReadToolCalls(ref reader, streamed);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        /// <summary>Content sent as a list of parts (some providers do, for plain text too): the text of its text parts.</summary>
        private static string? ReadContentParts(ref Utf8JsonReader reader, bool streamed)
        {
            StringBuilder? text = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    (text ??= new StringBuilder()).Append(ReadString(ref reader, streamed));
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isText = reader.ValueTextEquals("text"u8);
                    reader.Read();
                    if (isText && reader.TokenType == JsonTokenType.String)
                    {
                        (text ??= new StringBuilder()).Append(ReadString(ref reader, streamed));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }

            return text?.ToString();
        }

        private static List<WireToolCall>? ReadToolCalls(ref Utf8JsonReader reader, bool streamed)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return null;
            }

            var list = new List<WireToolCall>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                var call = new WireToolCall { Index = list.Count };
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("index"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index))
                        {
                            call.Index = index;
                        }
                        else
                        {
                            reader.Skip(); // a wrong type reads as absent, and an object or array must not derail the reader
                        }
                    }
                    else if (reader.ValueTextEquals("id"u8))
                    {
                        reader.Read();
                        call.Id = ReadString(ref reader, keepLoneHalves: false);
                    }
                    else if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        call.Type = ReadString(ref reader, keepLoneHalves: false);
                    }
                    else if (reader.ValueTextEquals("function"u8))
                    {
                        reader.Read();
                        ReadFunction(ref reader, call, streamed);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                list.Add(call);
            }

            return list;
        }

        private static void ReadFunction(ref Utf8JsonReader reader, WireToolCall call, bool streamed)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    call.Name = ReadString(ref reader, keepLoneHalves: false);
                }
                else if (reader.ValueTextEquals("arguments"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray)
                    {
                        // Arguments are a JSON string on the wire; some servers send the object itself: keep its text.
                        using var doc = JsonDocument.ParseValue(ref reader);
                        call.Arguments = doc.RootElement.GetRawText();
                    }
                    else
                    {
                        // Argument fragments are joined as UTF-16 text, so a lone half is kept for the next fragment.
                        call.Arguments = ReadString(ref reader, keepLoneHalves: streamed);
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        /// <summary>Like <see cref="ReadString"/>, but returns <paramref name="previous"/> when the value is the same text (id and model repeat on every chunk).</summary>
        private static string? ReadRepeated(ref Utf8JsonReader reader, string? previous)
        {
            if (previous != null && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(previous))
            {
                return previous;
            }

            return ReadString(ref reader, keepLoneHalves: false);
        }

        /// <summary>
        /// Reads a string; null for JSON null; numbers and booleans as their text; skips containers. An escape of a lone
        /// UTF-16 half (<c>"\ud83d"</c>, which JavaScript servers emit when a token boundary splits a surrogate pair)
        /// never throws: the half is kept when <paramref name="keepLoneHalves"/> is true, else it becomes U+FFFD.
        /// </summary>
        internal static string? ReadString(ref Utf8JsonReader reader, bool keepLoneHalves)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    string text;
                    try
                    {
                        return reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        // System.Text.Json refuses to unescape a lone surrogate; do it here.
                        text = WireText.Unescape(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
                    }

                    return keepLoneHalves ? text : WireText.ReplaceLoneHalves(text);
                case JsonTokenType.Number:
                case JsonTokenType.True:
                case JsonTokenType.False:
                    return Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    reader.Skip();
                    return null;
                default:
                    return null;
            }
        }

        private static string Describe(JsonTokenType token) => token switch
        {
            JsonTokenType.String => "string",
            JsonTokenType.Number => "number",
            JsonTokenType.True or JsonTokenType.False => "boolean",
            _ => "null",
        };
    }

    /// <summary>A response body or chunk as read from the wire, before it becomes a public model.</summary>
    internal sealed class WireResponse
    {
        public string? Id { get; set; }

        public string? Object { get; set; }

        public DateTimeOffset? Created { get; set; }

        public string? Model { get; set; }

        public string? SystemFingerprint { get; set; }

        /// <summary>Whether <c>choices</c> was present as an array (possibly empty).</summary>
        public bool HasChoices { get; set; }

        public List<WireChoice>? Choices { get; set; }

        public Usage? Usage { get; set; }

        public RoutingMetadata? RoutingMetadata { get; set; }

        /// <summary>The payload is an error (an <c>error</c> member, or a <c>detail</c> without choices): map it with the error mapper.</summary>
        public bool IsError { get; set; }

        /// <summary>What the top level was when it was not an object ("a JSON array"); null for an object.</summary>
        public string? Shape { get; set; }

        /// <summary>The non-streamed completion.</summary>
        public ChatCompletion ToCompletion()
        {
            var choices = new List<ChatChoice>(Choices?.Count ?? 0);
            if (Choices != null)
            {
                foreach (var choice in Choices)
                {
                    choices.Add(new ChatChoice(choice.Index, choice.ToMessage(), choice.FinishReason));
                }
            }

            return new ChatCompletion
            {
                Id = Id,
                Object = Object,
                Created = Created,
                Model = Model,
                SystemFingerprint = SystemFingerprint,
                Choices = choices,
                Usage = Usage,
                RoutingMetadata = RoutingMetadata,
            };
        }

        /// <summary>The stream chunk.</summary>
        public ChatCompletionChunk ToChunk(ResponseHeaders headers)
        {
            IReadOnlyList<ChatChunkChoice> choices = ChatCompletionChunk.NoChoices;
            if (Choices is { Count: > 0 })
            {
                var list = new List<ChatChunkChoice>(Choices.Count);
                foreach (var choice in Choices)
                {
                    list.Add(choice.ToChunkChoice());
                }

                choices = list;
            }

            return new ChatCompletionChunk
            {
                Id = Id,
                Model = Model,
                Created = Created,
                SystemFingerprint = SystemFingerprint,
                Choices = choices,
                Usage = Usage,
                RoutingMetadata = RoutingMetadata,
                ResponseHeaders = headers,
            };
        }
    }

    /// <summary>One choice: its <c>message</c> (body) or <c>delta</c> (chunk), and the finish reason.</summary>
    internal sealed class WireChoice
    {
        public int Index { get; set; }

        public string? Role { get; set; }

        public string? Content { get; set; }

        public string? ReasoningContent { get; set; }

        public string? Name { get; set; }

        public string? ToolCallId { get; set; }

        public List<WireToolCall>? ToolCalls { get; set; }

        public string? FinishReason { get; set; }

        public ChatMessage ToMessage()
        {
            var message = new ChatMessage(Role ?? "assistant", Content)
            {
                Name = Name,
                ToolCallId = ToolCallId,
                ReasoningContent = ReasoningContent,
            };
            if (ToolCalls != null)
            {
                var calls = new List<ToolCall>(ToolCalls.Count);
                foreach (var call in ToolCalls)
                {
                    calls.Add(new ToolCall { Id = call.Id, Type = call.Type ?? "function", Index = call.Index, FunctionName = call.Name, Arguments = call.Arguments });
                }

                message.ToolCalls = calls;
            }

            return message;
        }

        public ChatChunkChoice ToChunkChoice()
        {
            var choice = new ChatChunkChoice
            {
                Index = Index,
                Role = Role,
                Content = Content,
                ReasoningContent = ReasoningContent,
                FinishReason = FinishReason,
            };
            if (ToolCalls != null)
            {
                var deltas = new List<ToolCallDelta>(ToolCalls.Count);
                foreach (var call in ToolCalls)
                {
                    deltas.Add(new ToolCallDelta { Index = call.Index, Id = call.Id, Type = call.Type, FunctionName = call.Name, Arguments = call.Arguments });
                }

                choice.ToolCalls = deltas;
            }

            return choice;
        }
    }

    /// <summary>One tool call (body) or tool-call fragment (chunk).</summary>
    internal sealed class WireToolCall
    {
        public int Index { get; set; }

        public string? Id { get; set; }

        public string? Type { get; set; }

        public string? Name { get; set; }

        public string? Arguments { get; set; }
    }
}
