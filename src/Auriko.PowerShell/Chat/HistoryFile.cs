using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Chat
{
    /// <summary>
    /// A conversation saved as JSON in OpenAI's message format (role, content, tool_calls,
    /// tool_call_id), so <c>-History (Get-Content file -Raw | ConvertFrom-Json)</c> loads it back.
    /// </summary>
    internal static class HistoryFile
    {
        internal static void Save(IEnumerable<ChatMessage> messages, string path)
        {
            var list = new List<object?>();
            foreach (var message in messages)
            {
                list.Add(ToPlain(message));
            }

            string json = Auriko.Json.JsonText.ToIndentedText(list, "history");
            File.WriteAllText(path, json + Environment.NewLine, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        private static Dictionary<string, object?> ToPlain(ChatMessage message)
        {
            var plain = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["role"] = message.Role,
                ["content"] = message.Content is string text ? text : PlainConverter.ToPlain(message.Content, "content"),
            };
            if (message.Name != null)
            {
                plain["name"] = message.Name;
            }

            if (message.ToolCallId != null)
            {
                plain["tool_call_id"] = message.ToolCallId;
            }

            if (message.ToolCalls != null && message.ToolCalls.Count > 0)
            {
                var calls = new List<object?>();
                foreach (var call in message.ToolCalls)
                {
                    calls.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["id"] = call.Id,
                        ["type"] = call.Type ?? "function",
                        ["function"] = new Dictionary<string, object?>(StringComparer.Ordinal)
                        {
                            ["name"] = call.FunctionName,
                            ["arguments"] = call.Arguments ?? "{}",
                        },
                    });
                }
                plain["tool_calls"] = calls;
            }
            return plain;
        }
    }
}
