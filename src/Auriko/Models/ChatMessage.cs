using System.Collections;
using System.Collections.Generic;
using System.Text;

namespace Auriko
{
    /// <summary>One message of a conversation, sent in requests and returned in completions.</summary>
    public sealed class ChatMessage
    {
        private object? _content;
        private volatile Streaming.DeferredText? _deferred;

        /// <summary>Creates an empty user message.</summary>
        public ChatMessage()
        {
        }

        /// <summary>Creates a message.</summary>
        /// <param name="role"><c>system</c>, <c>user</c>, <c>assistant</c>, <c>tool</c> or <c>developer</c>.</param>
        /// <param name="content">The text.</param>
        public ChatMessage(string role, string? content)
        {
            Role = role;
            Content = content;
        }

        /// <summary>The author: <c>system</c>, <c>user</c>, <c>assistant</c>, <c>tool</c> or <c>developer</c>.</summary>
        public string Role { get; set; } = "user";

        /// <summary>A string, or a list of content parts (dictionaries such as <c>{type: "text", text: "…"}</c>).</summary>
        public object? Content
        {
            get
            {
                var deferred = _deferred;
                if (deferred != null)
                {
                    // A streamed answer: decoded on first read (the decoded text is cached, so every reader gets the same string).
                    _content = deferred.Value;
                    _deferred = null;
                }

                return _content;
            }

            set
            {
                _deferred = null;
                _content = value;
            }
        }

        /// <summary>An optional participant name.</summary>
        public string? Name { get; set; }

        /// <summary>For <c>tool</c> messages: the id of the tool call this answers.</summary>
        public string? ToolCallId { get; set; }

        /// <summary>For assistant messages: the tool calls the model asked for (sent back unchanged).</summary>
        public IList<ToolCall>? ToolCalls { get; set; }

        /// <summary>The model's reasoning text, when the provider returns it. Not sent back on requests.</summary>
        public string? ReasoningContent { get; set; }

        /// <summary>Creates a message whose text is decoded when first read.</summary>
        internal static ChatMessage Deferred(string role, Streaming.DeferredText content) => new ChatMessage(role, null) { _deferred = content };

        /// <summary>Creates a system message.</summary>
        /// <param name="content">The instructions.</param>
        public static ChatMessage System(string content) => new ChatMessage("system", content);

        /// <summary>Creates a user message.</summary>
        /// <param name="content">The text.</param>
        public static ChatMessage User(string content) => new ChatMessage("user", content);

        /// <summary>Creates an assistant message.</summary>
        /// <param name="content">The text.</param>
        public static ChatMessage Assistant(string content) => new ChatMessage("assistant", content);

        /// <summary>Creates a tool result message.</summary>
        /// <param name="toolCallId">The id of the tool call being answered.</param>
        /// <param name="content">The result, usually JSON text.</param>
        public static ChatMessage Tool(string toolCallId, string content) => new ChatMessage("tool", content) { ToolCallId = toolCallId };

        /// <summary>The text content: the string, or the <c>text</c> parts of a part list joined.</summary>
        public override string ToString()
        {
            switch (Content)
            {
                case null:
                    return string.Empty;
                case string s:
                    return s;
                case IEnumerable parts:
                    var sb = new StringBuilder();
                    foreach (var part in parts)
                    {
                        if (part is IDictionary d && d["text"] is string text)
                        {
                            sb.Append(text);
                        }
                        else if (part is string ps)
                        {
                            sb.Append(ps);
                        }
                    }

                    return sb.ToString();
                default:
                    return Content.ToString() ?? string.Empty;
            }
        }
    }
}
