using System;
using System.Collections.Generic;
using Auriko.Json;

namespace Auriko
{
    /// <summary>One streamed chunk of a chat completion.</summary>
    public sealed class ChatCompletionChunk
    {
        // The lists render as JSON text (see JsonTextList), so an exported chunk has no cell with a .NET type name.
        internal static readonly IReadOnlyList<ChatChunkChoice> NoChoices = JsonTextList.Empty<ChatChunkChoice>(ModelWriter.WriteChunkChoice);
        internal static readonly IReadOnlyList<ToolCallDelta> NoToolCalls = JsonTextList.Empty<ToolCallDelta>(ModelWriter.WriteToolCallDelta);
        private IReadOnlyList<ChatChunkChoice> _choices = NoChoices;

        internal ChatCompletionChunk()
        {
        }

        /// <summary>The completion id, the same on every chunk of a stream.</summary>
        public string? Id { get; internal set; }

        /// <summary>The provider's model string.</summary>
        public string? Model { get; internal set; }

        /// <summary>When the completion was created.</summary>
        public DateTimeOffset? Created { get; internal set; }

        /// <summary>The backend configuration fingerprint (system_fingerprint), when sent.</summary>
        public string? SystemFingerprint { get; internal set; }

        /// <summary>The per-choice deltas (empty on a usage-only chunk). As text, a JSON array in the API's form.</summary>
        public IReadOnlyList<ChatChunkChoice> Choices
        {
            get => _choices;
            internal set => _choices = JsonTextList.Of(value, ModelWriter.WriteChunkChoice);
        }

        /// <summary>The text delta of choice 0, or null when this chunk carries none.</summary>
        public string? Content => FirstAnswer?.Content;

        /// <summary>The reasoning delta of choice 0.</summary>
        public string? ReasoningContent => FirstAnswer?.ReasoningContent;

        /// <summary>The role of choice 0 (first chunk only).</summary>
        public string? Role => FirstAnswer?.Role;

        /// <summary>
        /// The finish reason of choice 0: on the chunk that carries it, and on the final chunk (from
        /// <see cref="Completion"/>, since the gateway may send it on an earlier chunk than the last).
        /// </summary>
        public string? FinishReason => FirstAnswer?.FinishReason ?? Completion?.FinishReason;

        /// <summary>The tool-call fragments of choice 0.</summary>
        public IReadOnlyList<ToolCallDelta> ToolCallDeltas => FirstAnswer?.ToolCalls ?? NoToolCalls;

        /// <summary>Usage, on the chunk that carries it (usually the last).</summary>
        public Usage? Usage { get; internal set; }

        /// <summary>Routing metadata, on the chunk that carries it (usually the last).</summary>
        public RoutingMetadata? RoutingMetadata { get; internal set; }

        /// <summary>The stream's HTTP response headers.</summary>
        public ResponseHeaders ResponseHeaders { get; internal set; } = ResponseHeaders.Empty;

        /// <summary>True on the last chunk written by the consumer (set by whoever writes it, e.g. the cmdlet).</summary>
        public bool IsFinal { get; set; }

        /// <summary>The aggregated completion, attached to the final chunk by whoever writes it.</summary>
        public ChatCompletion? Completion { get; set; }

        /// <summary>The conversation including the streamed reply (from <see cref="Completion"/>), so piping the final chunk continues the chat.</summary>
        public IReadOnlyList<ChatMessage>? History => Completion?.History;

        /// <summary>The first answer parsed from JSON (from <see cref="Completion"/>), when a structured answer was asked for.</summary>
        public object? Parsed => Completion?.Parsed;

        /// <summary>
        /// The delta of choice 0. A stream of several answers (<c>n</c>) sends each choice's deltas in chunks of their
        /// own, so a chunk of another choice has none and its text never mixes into choice 0's.
        /// </summary>
        private ChatChunkChoice? FirstAnswer
        {
            get
            {
                var choices = Choices;
                if (choices.Count > 0 && choices[0].Index == 0)
                {
                    return choices[0];
                }

                for (var i = 1; i < choices.Count; i++)
                {
                    if (choices[i].Index == 0)
                    {
                        return choices[i];
                    }
                }

                return null;
            }
        }

        // The answer's shortcuts, as on a non-streamed ChatCompletion, so a script reads the final chunk the same way.

        /// <summary>The provider used: the <c>X-Provider-Used</c> header, else <c>routing_metadata.provider</c> (known from the final chunk on).</summary>
        public string? Provider => ResponseHeaders.ProviderUsed ?? RoutingMetadata?.Provider;

        /// <summary>The routing strategy applied: the <c>X-Routing-Strategy</c> header, else <c>routing_metadata.routing_strategy</c>.</summary>
        public string? RoutingStrategy => ResponseHeaders.RoutingStrategy ?? RoutingMetadata?.RoutingStrategy;

        /// <summary>The cost in USD (<c>routing_metadata.cost</c>), on the chunk that carries the routing metadata (the final one).</summary>
        public double? CostUsd => RoutingMetadata?.CostUsd;

        /// <summary>The server's request id (<c>X-Request-ID</c>), the same on every chunk of the stream.</summary>
        public string? RequestId => ResponseHeaders.RequestId;

        /// <summary>Returns <see cref="Content"/>, or an empty string.</summary>
        public override string ToString() => Content ?? string.Empty;
    }

    /// <summary>The delta of one choice in a chunk.</summary>
    public sealed class ChatChunkChoice
    {
        private IReadOnlyList<ToolCallDelta> _toolCalls = ChatCompletionChunk.NoToolCalls;

        internal ChatChunkChoice()
        {
        }

        /// <summary>The choice's position.</summary>
        public int Index { get; internal set; }

        /// <summary>The role (first chunk only).</summary>
        public string? Role { get; internal set; }

        /// <summary>The text fragment.</summary>
        public string? Content { get; internal set; }

        /// <summary>The reasoning fragment.</summary>
        public string? ReasoningContent { get; internal set; }

        /// <summary>Tool-call fragments, to be joined by <see cref="ToolCallDelta.Index"/>. As text, a JSON array.</summary>
        public IReadOnlyList<ToolCallDelta> ToolCalls
        {
            get => _toolCalls;
            internal set => _toolCalls = JsonTextList.Of(value, ModelWriter.WriteToolCallDelta);
        }

        /// <summary>Why generation stopped (last chunk of the choice).</summary>
        public string? FinishReason { get; internal set; }

        /// <summary>Returns the text fragment.</summary>
        public override string ToString() => Content ?? string.Empty;
    }

    /// <summary>A fragment of a streamed tool call; fragments with the same index concatenate.</summary>
    public sealed class ToolCallDelta
    {
        internal ToolCallDelta()
        {
        }

        /// <summary>Which tool call this fragment belongs to.</summary>
        public int Index { get; internal set; }

        /// <summary>The call id (first fragment).</summary>
        public string? Id { get; internal set; }

        /// <summary>The tool type (first fragment).</summary>
        public string? Type { get; internal set; }

        /// <summary>A fragment of the function name.</summary>
        public string? FunctionName { get; internal set; }

        /// <summary>A fragment of the JSON arguments.</summary>
        public string? Arguments { get; internal set; }

        /// <summary>Returns the fragment's text: the name fragment and the arguments fragment, such as <c>get_weather {"ci</c>.</summary>
        public override string ToString() => (FunctionName + " " + Arguments).Trim();
    }
}
