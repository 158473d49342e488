using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Auriko.Streaming
{
    /// <summary>Accumulates chunks into the final completion: text, reasoning and tool-call fragments per choice, the last usage and routing metadata.</summary>
    internal sealed class StreamAggregator
    {
        private readonly ChatCompletionRequest _asked;
        private readonly SortedDictionary<int, ChoiceState> _choices = new SortedDictionary<int, ChoiceState>();
        private string? _id;
        private string? _model;
        private DateTimeOffset? _created;
        private string? _systemFingerprint;

        // The choice the last chunk added to (nearly every chunk has one choice, index 0): no lookup per chunk.
        private int _lastIndex;
        private ChoiceState? _lastState;

        /// <param name="asked">What the caller asked for: the request's messages, model, models and routing.</param>
        public StreamAggregator(ChatCompletionRequest asked)
        {
            _asked = asked;
        }

        public Usage? Usage { get; private set; }

        public RoutingMetadata? RoutingMetadata { get; private set; }

        public void Add(ChatCompletionChunk chunk)
        {
            _id ??= chunk.Id;
            _model ??= chunk.Model;
            _created ??= chunk.Created;
            _systemFingerprint ??= chunk.SystemFingerprint;

            // Usage and metadata may come on the finish chunk or a separate last chunk: keep the last non-null.
            Usage = chunk.Usage ?? Usage;
            RoutingMetadata = chunk.RoutingMetadata ?? RoutingMetadata;

            // Indexed loops: foreach over an IReadOnlyList boxes an enumerator, once per chunk.
            var choices = chunk.Choices;
            for (var i = 0; i < choices.Count; i++)
            {
                var choice = choices[i];
                if (choice.Index != _lastIndex || _lastState is null)
                {
                    if (!_choices.TryGetValue(choice.Index, out var found))
                    {
                        found = new ChoiceState();
                        _choices.Add(choice.Index, found);
                    }

                    _lastIndex = choice.Index;
                    _lastState = found;
                }

                _lastState.Add(choice);
            }
        }

        public ChatCompletion Build(ResponseHeaders headers)
        {
            var choices = new List<ChatChoice>(_choices.Count);
            foreach (var pair in _choices)
            {
                choices.Add(new ChatChoice(pair.Key, pair.Value.ToMessage(), pair.Value.FinishReason));
            }

            var completion = new ChatCompletion
            {
                Id = _id,
                Object = "chat.completion",
                Created = _created,
                Model = _model,
                SystemFingerprint = _systemFingerprint,
                Choices = choices,
                Usage = Usage,
                RoutingMetadata = RoutingMetadata,
                ResponseHeaders = headers,
            };

            completion.SetAsked(_asked);
            completion.SetRawJson(() => RenderJson(completion));
            return completion;
        }

        /// <summary>A character half that could not be joined when the stream ended: shown as U+FFFD rather than lost.</summary>
        public void AddLoneHalf(int index, bool reasoning)
        {
            if (!_choices.TryGetValue(index, out var state))
            {
                state = new ChoiceState();
                _choices.Add(index, state);
            }

            state.AddText(reasoning ? null : "\uFFFD", reasoning ? "\uFFFD" : null);
        }

        /// <summary>
        /// The aggregate as the non-streamed response it stands for: every field the stream carried (reasoning, tool
        /// calls, the system fingerprint), and usage and routing metadata exactly as received (their last raw JSON).
        /// </summary>
        private static string RenderJson(ChatCompletion c)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                WriteOpt(w, "id", c.Id);
                w.WriteString("object", "chat.completion");
                if (c.Created is DateTimeOffset created)
                {
                    w.WriteNumber("created", created.ToUnixTimeSeconds());
                }

                WriteOpt(w, "model", c.Model);
                WriteOpt(w, "system_fingerprint", c.SystemFingerprint);
                w.WritePropertyName("choices");
                w.WriteStartArray();
                foreach (var choice in c.Choices)
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", choice.Index);
                    w.WritePropertyName("message");
                    WriteAnswer(w, choice.Message);
                    WriteOpt(w, "finish_reason", choice.FinishReason);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (c.Usage?.RawJson is string usage)
                {
                    w.WritePropertyName("usage");
                    w.WriteRawValue(usage, skipInputValidation: true);
                }

                if (c.RoutingMetadata?.RawJson is string routing)
                {
                    w.WritePropertyName("routing_metadata");
                    w.WriteRawValue(routing, skipInputValidation: true);
                }

                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(ms.ToArray());
        }

        /// <summary>An answer message in the response shape (unlike the request writer, reasoning is kept).</summary>
        private static void WriteAnswer(Utf8JsonWriter w, ChatMessage message)
        {
            w.WriteStartObject();
            w.WriteString("role", message.Role);
            if (message.Content is string content)
            {
                w.WriteString("content", content);
            }
            else
            {
                w.WriteNull("content");
            }

            WriteOpt(w, "reasoning_content", message.ReasoningContent);
            if (message.ToolCalls is { Count: > 0 } calls)
            {
                w.WritePropertyName("tool_calls");
                w.WriteStartArray();
                foreach (var call in calls)
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", call.Index);
                    WriteOpt(w, "id", call.Id);
                    w.WriteString("type", call.Type ?? "function");
                    w.WritePropertyName("function");
                    w.WriteStartObject();
                    WriteOpt(w, "name", call.FunctionName);
                    w.WriteString("arguments", call.Arguments ?? string.Empty);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        private static void WriteOpt(Utf8JsonWriter w, string name, string? value)
        {
            if (value != null)
            {
                w.WriteString(name, value);
            }
        }

        private sealed class ChoiceState
        {
            private readonly SortedDictionary<int, ToolCallState> _toolCalls = new SortedDictionary<int, ToolCallState>();
            // UTF-8, decoded once when the final text is first read: a long answer is held as about one
            // byte per character until then, and as one string after.
            private Utf8TextBuilder? _content;
            private Utf8TextBuilder? _reasoning;
            private string? _role;

            public string? FinishReason { get; private set; }

            public void Add(ChatChunkChoice choice)
            {
                _role ??= choice.Role;
                AddText(choice.Content, choice.ReasoningContent);

                var deltas = choice.ToolCalls;
                for (var i = 0; i < deltas.Count; i++)
                {
                    var delta = deltas[i];
                    if (!_toolCalls.TryGetValue(delta.Index, out var call))
                    {
                        call = new ToolCallState();
                        _toolCalls.Add(delta.Index, call);
                    }

                    call.Add(delta);
                }

                FinishReason = choice.FinishReason ?? FinishReason;
            }

            public void AddText(string? content, string? reasoning)
            {
                if (content != null)
                {
                    (_content ??= new Utf8TextBuilder()).Append(content);
                }

                if (reasoning != null)
                {
                    (_reasoning ??= new Utf8TextBuilder()).Append(reasoning);
                }
            }

            public ChatMessage ToMessage()
            {
                var role = _role ?? "assistant";
                var message = _content != null ? ChatMessage.Deferred(role, new DeferredText(_content)) : new ChatMessage(role, null);
                message.ReasoningContent = _reasoning?.Build();

                if (_toolCalls.Count > 0)
                {
                    var calls = new List<ToolCall>(_toolCalls.Count);
                    foreach (var pair in _toolCalls)
                    {
                        calls.Add(pair.Value.ToToolCall(pair.Key));
                    }

                    message.ToolCalls = calls;
                }

                return message;
            }
        }

        private sealed class ToolCallState
        {
            private readonly StringBuilder _name = new StringBuilder();
            private readonly StringBuilder _arguments = new StringBuilder();
            private string? _id;
            private string? _type;

            public void Add(ToolCallDelta delta)
            {
                _id ??= delta.Id;
                _type ??= delta.Type;
                _name.Append(delta.FunctionName);
                _arguments.Append(delta.Arguments);
            }

            public ToolCall ToToolCall(int index) => new ToolCall
            {
                Id = _id,
                Type = _type ?? "function",
                Index = index,
                FunctionName = _name.Length > 0 ? _name.ToString() : null,
                Arguments = Json.WireText.ReplaceLoneHalves(_arguments.ToString()), // fragments joined; a half never completed is U+FFFD
            };
        }
    }
}
