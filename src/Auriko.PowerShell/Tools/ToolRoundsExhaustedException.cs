using System.Collections.Generic;

namespace Auriko.PowerShell
{
    /// <summary>
    /// The model still asked for tools after -MaxToolRounds rounds of tool calls. <see cref="History"/>
    /// is the conversation up to the last tool results, ready for -History to let the model go on.
    /// </summary>
    public sealed class ToolRoundsExhaustedException : AurikoException
    {
        internal ToolRoundsExhaustedException(string message, int maxToolRounds, IReadOnlyList<ChatMessage> history,
            IReadOnlyList<ToolCall> pendingToolCalls)
            : base(message)
        {
            MaxToolRounds = maxToolRounds;
            History = history;
            PendingToolCalls = pendingToolCalls;
        }

        /// <summary>The limit that was reached (-MaxToolRounds).</summary>
        public int MaxToolRounds { get; }

        /// <summary>Every message so far: the request's messages, then each round's answer and tool results.</summary>
        public IReadOnlyList<ChatMessage> History { get; }

        /// <summary>The tool calls of the last answer, which did not run.</summary>
        public IReadOnlyList<ToolCall> PendingToolCalls { get; }
    }
}
