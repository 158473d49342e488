using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// Turns -History items (ChatMessage objects, hashtables or objects with role/content, tool
    /// messages and assistant tool calls included) into client ChatMessages.
    /// </summary>
    internal static class HistoryConverter
    {
        internal static List<ChatMessage> ToMessages(object[]? history)
        {
            var messages = new List<ChatMessage>();
            if (history == null)
            {
                return messages;
            }

            int index = 0;
            foreach (var raw in Flatten(history))
            {
                messages.Add(ToMessage(raw, index++));
            }
            return messages;
        }

        // -History @($r.History) or a piped History list arrives as one element holding a list.
        private static IEnumerable<object?> Flatten(IEnumerable items)
        {
            foreach (var item in items)
            {
                var value = PlainConverter.Unwrap(item);
                if (value is IEnumerable inner && !(value is string) && !(value is IDictionary))
                {
                    foreach (var nested in Flatten(inner))
                    {
                        yield return nested;
                    }
                }
                else
                {
                    yield return value;
                }
            }
        }

        private static ChatMessage ToMessage(object? item, int index)
        {
            if (item is ChatMessage message)
            {
                return message;
            }

            if (item == null || item is string || item.GetType().IsPrimitive)
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Messages.BadHistoryItem, index,
                    PlainConverter.DescribeType(item)));
            }
            if (!PlainConverter.TryGetMember(item, out var role, "role", "Role") || string.IsNullOrEmpty(role as string ?? role?.ToString()))
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Messages.BadRole, index));
            }
            var result = new ChatMessage { Role = role!.ToString()!.ToLowerInvariant() };
            string path = "history[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            if (PlainConverter.TryGetMember(item, out var content, "content", "Content"))
            {
                result.Content = content is string s ? s : PlainConverter.ToPlain(content, path + ".content");
            }
            if (PlainConverter.TryGetMember(item, out var name, "name", "Name") && name != null)
            {
                result.Name = name.ToString();
            }
            if (PlainConverter.TryGetMember(item, out var toolCallId, "tool_call_id", "ToolCallId") && toolCallId != null)
            {
                result.ToolCallId = toolCallId.ToString();
            }
            if (PlainConverter.TryGetMember(item, out var toolCalls, "tool_calls", "ToolCalls") && toolCalls != null)
            {
                var list = new List<ToolCall>();
                int i = 0;
                foreach (var call in Flatten(toolCalls is IEnumerable e && !(toolCalls is string) && !(toolCalls is IDictionary) ? e : new[] { toolCalls }))
                {
                    list.Add(ToToolCall(call, path + ".tool_calls[" + i.ToString(CultureInfo.InvariantCulture) + "]", i));
                    i++;
                }
                if (list.Count > 0)
                {
                    result.ToolCalls = list;
                }
            }
            return result;
        }

        private static ToolCall ToToolCall(object? item, string path, int index)
        {
            if (item is ToolCall call)
            {
                return call;
            }

            if (item == null)
            {
                throw new ArgumentException(path + " is null.");
            }

            var result = new ToolCall { Index = index };
            if (PlainConverter.TryGetMember(item, out var id, "id", "Id") && id != null)
            {
                result.Id = id.ToString();
            }

            if (PlainConverter.TryGetMember(item, out var type, "type", "Type") && type != null)
            {
                result.Type = type.ToString()!;
            }

            object? function = null;
            PlainConverter.TryGetMember(item, out function, "function", "Function");
            var source = function ?? item;
            if (PlainConverter.TryGetMember(source, out var fname, "name", "FunctionName", "Name") && fname != null)
            {
                result.FunctionName = fname.ToString();
            }
            if (PlainConverter.TryGetMember(source, out var args, "arguments", "Arguments") && args != null)
            {
                result.Arguments = args is string s ? s : Auriko.Json.RequestWriter.ToJsonText(PlainConverter.ToPlain(args, path + ".arguments"), path + ".arguments");
            }
            return result;
        }
    }
}
