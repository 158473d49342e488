using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Auriko.Streaming
{
    /// <summary>Accumulates chunks into the final completion: text, reasoning and tool-call fragments per choice, the last usage and routing metadata.</summary>
    internal sealed class StreamAggregator
    {
        private readonly IReadOnlyList<ChatMessage> _requestMessages;
        private readonly SortedDictionary<int, ChoiceState> _choices = new SortedDictionary<int, ChoiceState>();
        private string? _id;
        private string? _model;
        private DateTimeOffset? _created;

        // The choice the last chunk added to (nearly every chunk has one choice, index 0): no lookup per chunk.
        private int _lastIndex;
        private ChoiceState? _lastState;

        public StreamAggregator(IReadOnlyList<ChatMessage> requestMessages)
        {
            _requestMessages = requestMessages;
        }

        public Usage? Usage { get; private set; }

        public RoutingMetadata? RoutingMetadata { get; private set; }

        public void Add(ChatCompletionChunk chunk)
        {
            _id ??= chunk.Id;
            _model ??= chunk.Model;
            _created ??= chunk.Created;

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
                Choices = choices,
                Usage = Usage,
                RoutingMetadata = RoutingMetadata,
                ResponseHeaders = headers,
            };

            completion.SetHistory(_requestMessages);
            completion.SetRawJson(() => RenderJson(completion));
            return completion;
        }

        /// <summary>A compact JSON rendering of the aggregate, in the shape of a non-streamed response.</summary>
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
                w.WritePropertyName("choices");
                w.WriteStartArray();
                foreach (var choice in c.Choices)
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", choice.Index);
                    w.WritePropertyName("message");
                    Json.RequestWriter.WriteMessage(w, choice.Message, "message");
                    WriteOpt(w, "finish_reason", choice.FinishReason);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (c.Usage is Usage u)
                {
                    w.WritePropertyName("usage");
                    w.WriteStartObject();
                    w.WriteNumber("prompt_tokens", u.PromptTokens);
                    w.WriteNumber("completion_tokens", u.CompletionTokens);
                    w.WriteNumber("total_tokens", u.TotalTokens);
                    w.WriteEndObject();
                }

                if (c.RoutingMetadata is RoutingMetadata r)
                {
                    w.WritePropertyName("routing_metadata");
                    w.WriteStartObject();
                    WriteOpt(w, "provider", r.Provider);
                    WriteOpt(w, "provider_model_id", r.ProviderModelId);
                    WriteOpt(w, "model_canonical", r.ModelCanonical);
                    WriteOpt(w, "routing_strategy", r.RoutingStrategy);
                    if (r.CostUsd is double cost)
                    {
                        w.WritePropertyName("cost");
                        w.WriteStartObject();
                        w.WriteNumber("usd", cost);
                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(ms.ToArray());
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
                if (choice.Content != null)
                {
                    (_content ??= new Utf8TextBuilder()).Append(choice.Content);
                }

                if (choice.ReasoningContent != null)
                {
                    (_reasoning ??= new Utf8TextBuilder()).Append(choice.ReasoningContent);
                }

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
                Arguments = _arguments.ToString(),
            };
        }
    }
}
