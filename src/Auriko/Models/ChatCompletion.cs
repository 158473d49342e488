using System;
using System.Collections.Generic;
using Auriko.Json;

namespace Auriko
{
    /// <summary>A chat completion (a non-streamed answer, or the aggregate of a stream).</summary>
    public sealed class ChatCompletion
    {
        // The lists render as JSON text (see JsonTextList), so an exported answer has no cell with a .NET type name.
        private static readonly IReadOnlyList<ChatChoice> NoChoices = JsonTextList.Empty<ChatChoice>(ModelWriter.WriteChoice);
        private static readonly IReadOnlyList<ChatMessage> NoMessages = JsonTextList.Empty<ChatMessage>(ModelWriter.WriteMessage);
        private static readonly IReadOnlyList<ToolCall> NoToolCalls = JsonTextList.Empty<ToolCall>(ModelWriter.WriteToolCall);
        private IReadOnlyList<ChatChoice> _choices = NoChoices;
        private IReadOnlyList<ChatMessage> _history = NoMessages;
        private string? _rawJson;
        private Func<string>? _rawJsonFactory;

        internal ChatCompletion()
        {
        }

        /// <summary>The completion id (<c>chatcmpl-…</c>).</summary>
        public string? Id { get; internal set; }

        /// <summary>The object type, <c>chat.completion</c>.</summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after the API's 'object' field, as the SDKs name it.")]
        public string? Object { get; internal set; }

        /// <summary>When the completion was created.</summary>
        public DateTimeOffset? Created { get; internal set; }

        /// <summary>The provider's model string.</summary>
        public string? Model { get; internal set; }

        /// <summary>The backend configuration fingerprint, if any.</summary>
        public string? SystemFingerprint { get; internal set; }

        /// <summary>The answers (usually one). As text (a CSV cell, for example) a JSON array in the API's form.</summary>
        public IReadOnlyList<ChatChoice> Choices
        {
            get => _choices;
            internal set => _choices = JsonTextList.Of(value, ModelWriter.WriteChoice);
        }

        /// <summary>Token usage.</summary>
        public Usage? Usage { get; internal set; }

        /// <summary>How Auriko routed the request (provider, latency, cost, warnings).</summary>
        public RoutingMetadata? RoutingMetadata { get; internal set; }

        /// <summary>The HTTP response headers.</summary>
        public ResponseHeaders ResponseHeaders { get; internal set; } = ResponseHeaders.Empty;

        /// <summary>The message of the first choice.</summary>
        public ChatMessage? Message => Choices.Count > 0 ? Choices[0].Message : null;

        /// <summary>The text of the first choice.</summary>
        public string? Content => Message?.Content as string ?? (Message?.Content is null ? null : Message.ToString());

        /// <summary>The reasoning text of the first choice, if the provider returned it.</summary>
        public string? ReasoningContent => Message?.ReasoningContent;

        /// <summary>The tool calls of the first choice (empty when none). As text, a JSON array in the API's form.</summary>
        public IReadOnlyList<ToolCall> ToolCalls =>
            Message?.ToolCalls is IList<ToolCall> calls && calls.Count > 0 ? JsonTextList.Of(new List<ToolCall>(calls), ModelWriter.WriteToolCall) : NoToolCalls;

        /// <summary>Why the first choice stopped: <c>stop</c>, <c>length</c>, <c>tool_calls</c> or <c>content_filter</c>.</summary>
        public string? FinishReason => Choices.Count > 0 ? Choices[0].FinishReason : null;

        /// <summary>The provider used: the <c>X-Provider-Used</c> header, else <c>routing_metadata.provider</c>.</summary>
        public string? Provider => ResponseHeaders.ProviderUsed ?? RoutingMetadata?.Provider;

        /// <summary>The routing strategy applied: the <c>X-Routing-Strategy</c> header, else <c>routing_metadata.routing_strategy</c>.</summary>
        public string? RoutingStrategy => ResponseHeaders.RoutingStrategy ?? RoutingMetadata?.RoutingStrategy;

        /// <summary>The cost in USD (<c>routing_metadata.cost.billable_cost_usd</c>, else <c>.usd</c>).</summary>
        public double? CostUsd => RoutingMetadata?.CostUsd;

        /// <summary>The server's request id (<c>X-Request-ID</c>).</summary>
        public string? RequestId => ResponseHeaders.RequestId;

        /// <summary>The first choice's answer parsed from JSON, when a structured answer was asked for (see <see cref="ChatChoice.Parsed"/>).</summary>
        public object? Parsed => Choices.Count > 0 ? Choices[0].Parsed : null;

        /// <summary>
        /// The conversation so far: the request messages plus this reply, ready to send with the next question.
        /// As text, a JSON array of the messages in the API's form (what the next request sends), with inline image
        /// data shortened to its media type and size so that the text stays readable.
        /// </summary>
        public IReadOnlyList<ChatMessage> History
        {
            get => _history;
            set => _history = JsonTextList.Of(value, ModelWriter.WriteMessage);
        }

        /// <summary>
        /// What the caller asked for (model, or models and routing, and the messages), kept so that continuing the
        /// conversation asks for the same thing again, never for the provider's dated model id in <see cref="Model"/>.
        /// </summary>
        internal ChatCompletionRequest? Request { get; private set; }

        /// <summary>The body as received (for a stream, a JSON rendering of the aggregate).</summary>
        public string GetRawJson()
        {
            if (_rawJson is null && _rawJsonFactory != null)
            {
                _rawJson = _rawJsonFactory();
                _rawJsonFactory = null;
            }

            return _rawJson ?? "{}";
        }

        /// <summary>Returns <see cref="Content"/>, or an empty string.</summary>
        public override string ToString() => Content ?? string.Empty;

        /// <summary>Sets <see cref="History"/> to the request messages followed by the reply (an empty assistant message when there is none).</summary>
        /// <summary>Records what the caller asked for: <see cref="Request"/>, and History = its messages + this reply.</summary>
        internal void SetAsked(ChatCompletionRequest asked)
        {
            Request = asked;
            SetHistory((IReadOnlyCollection<ChatMessage>)asked.Messages);
        }

        internal void SetHistory(IReadOnlyCollection<ChatMessage> requestMessages)
        {
            var history = new List<ChatMessage>(requestMessages.Count + 1);
            history.AddRange(requestMessages);
            history.Add(Message ?? new ChatMessage("assistant", string.Empty));
            History = history;
        }

        internal void SetRawJson(string json) => _rawJson = json;

        internal void SetRawJson(Func<string> factory) => _rawJsonFactory = factory;
    }

    /// <summary>One answer of a completion.</summary>
    public sealed class ChatChoice
    {
        internal ChatChoice(int index, ChatMessage message, string? finishReason)
        {
            Index = index;
            Message = message;
            FinishReason = finishReason;
        }

        /// <summary>The choice's position.</summary>
        public int Index { get; }

        /// <summary>The assistant message.</summary>
        public ChatMessage Message { get; }

        /// <summary>Why generation stopped.</summary>
        public string? FinishReason { get; }

        /// <summary>
        /// The answer parsed from JSON, set by whoever asked for a structured answer (the PowerShell cmdlet does for
        /// <c>-JsonSchema</c> and JSON mode); null otherwise.
        /// </summary>
        public object? Parsed { get; set; }

        /// <summary>Returns the message text.</summary>
        public override string ToString() => Message.ToString();
    }
}
