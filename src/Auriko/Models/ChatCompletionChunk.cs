using System;
using System.Collections.Generic;

namespace Auriko
{
    /// <summary>One streamed chunk of a chat completion.</summary>
    public sealed class ChatCompletionChunk
    {
        internal static readonly IReadOnlyList<ChatChunkChoice> NoChoices = Array.Empty<ChatChunkChoice>();
        internal static readonly IReadOnlyList<ToolCallDelta> NoToolCalls = Array.Empty<ToolCallDelta>();

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

        /// <summary>The per-choice deltas (empty on a usage-only chunk).</summary>
        public IReadOnlyList<ChatChunkChoice> Choices { get; internal set; } = NoChoices;

        /// <summary>The text delta of choice 0, or null when this chunk carries none.</summary>
        public string? Content => FirstAnswer?.Content;

        /// <summary>The reasoning delta of choice 0.</summary>
        public string? ReasoningContent => FirstAnswer?.ReasoningContent;

        /// <summary>The role of choice 0 (first chunk only).</summary>
        public string? Role => FirstAnswer?.Role;

        /// <summary>The finish reason of choice 0 (last content chunk only).</summary>
        public string? FinishReason => FirstAnswer?.FinishReason;

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

        /// <summary>Returns <see cref="Content"/>, or an empty string.</summary>
        public override string ToString() => Content ?? string.Empty;
    }

    /// <summary>The delta of one choice in a chunk.</summary>
    public sealed class ChatChunkChoice
    {
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

        /// <summary>Tool-call fragments, to be joined by <see cref="ToolCallDelta.Index"/>.</summary>
        public IReadOnlyList<ToolCallDelta> ToolCalls { get; internal set; } = ChatCompletionChunk.NoToolCalls;

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
    }
}
