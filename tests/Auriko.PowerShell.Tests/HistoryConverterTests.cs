using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Auriko.PowerShell.Internal;
using Xunit;

namespace Auriko.PowerShell.Tests
{
    public sealed class HistoryConverterTests
    {
        [Fact]
        public void No_history_is_no_messages() => Assert.Empty(HistoryConverter.ToMessages(null));

        [Fact]
        public void Client_messages_pass_through_unchanged()
        {
            var message = ChatMessage.Assistant("earlier answer");

            var result = HistoryConverter.ToMessages(new object[] { message });

            Assert.Same(message, Assert.Single(result));
        }

        [Fact]
        public void Hashtables_and_objects_with_role_and_content_become_messages()
        {
            var history = PowerShellValues.Run(
                "@{ Role = 'System'; Content = 'Be brief.' }; [pscustomobject]@{ role = 'user'; content = 'Hi'; name = 'ann' }").Cast<object>().ToArray();

            var result = HistoryConverter.ToMessages(history);

            Assert.Equal(new[] { "system", "user" }, result.Select(m => m.Role));
            Assert.Equal(new object[] { "Be brief.", "Hi" }, result.Select(m => m.Content));
            Assert.Equal("ann", result[1].Name);
        }

        [Fact]
        public void Content_parts_become_plain_lists()
        {
            var history = new object[] { PowerShellValues.Eval("@{ role = 'user'; content = @(@{ type = 'text'; text = 'look' }, @{ type = 'image_url'; image_url = @{ url = 'https://example.test/a.png' } }) }") };

            var content = Assert.IsType<List<object?>>(Assert.Single(HistoryConverter.ToMessages(history)).Content);

            Assert.Equal("look", Assert.IsType<Dictionary<string, object?>>(content[0])["text"]);
            var image = Assert.IsType<Dictionary<string, object?>>(Assert.IsType<Dictionary<string, object?>>(content[1])["image_url"]);
            Assert.Equal("https://example.test/a.png", image["url"]);
        }

        [Fact]
        public void A_list_passed_as_one_item_is_flattened()
        {
            // -History @($r.History) and a piped History list arrive as one element that holds the list.
            var earlier = new List<ChatMessage> { ChatMessage.User("q"), ChatMessage.Assistant("a") };

            var wrapped = PowerShellValues.Eval(",@([pscustomobject]@{ role = 'user'; content = 'q' }, [pscustomobject]@{ role = 'assistant'; content = 'a' })");

            var result = HistoryConverter.ToMessages(new object[] { wrapped, earlier });

            Assert.Equal(new[] { "user", "assistant", "user", "assistant" }, result.Select(m => m.Role));
        }

        [Fact]
        public void Tool_results_and_assistant_tool_calls_are_kept()
        {
            var history = PowerShellValues.Run(@"
                @{ role = 'assistant'; content = $null; tool_calls = @(
                    @{ id = 'call_1'; type = 'function'; function = @{ name = 'get_weather'; arguments = @{ city = 'Paris'; days = 2 } } },
                    [pscustomobject]@{ Id = 'call_2'; FunctionName = 'get_time'; Arguments = '{""tz"":""CET""}' }) }
                @{ role = 'tool'; tool_call_id = 'call_1'; content = 'sunny' }").Cast<object>().ToArray();

            var result = HistoryConverter.ToMessages(history);

            var calls = result[0].ToolCalls!;
            Assert.Equal(2, calls.Count);
            Assert.Equal(("call_1", "get_weather", 0), (calls[0].Id, calls[0].FunctionName, calls[0].Index));
            using (var arguments = JsonDocument.Parse(calls[0].Arguments!))
            {
                Assert.Equal("Paris", arguments.RootElement.GetProperty("city").GetString());
                Assert.Equal(2, arguments.RootElement.GetProperty("days").GetInt32());
            }

            Assert.Equal(("call_2", "get_time", "{\"tz\":\"CET\"}", 1), (calls[1].Id, calls[1].FunctionName, calls[1].Arguments, calls[1].Index));
            Assert.Equal(("tool", "call_1", (object?)"sunny"), (result[1].Role, result[1].ToolCallId, result[1].Content));
        }

        [Fact]
        public void Tool_call_objects_pass_through()
        {
            var call = new ToolCall { Id = "call_9", FunctionName = "f", Arguments = "{}" };
            var message = PowerShellValues.Eval("@{ role = 'assistant' }");
            ((System.Collections.Hashtable)message.BaseObject)["tool_calls"] = new[] { call };

            Assert.Same(call, Assert.Single(Assert.Single(HistoryConverter.ToMessages(new object[] { message })).ToolCalls!));
        }

        [Theory]
        [InlineData("'just text'", "History item 1 is not a chat message: give hashtables or objects with 'role' and 'content' (got String).")]
        [InlineData("42", "History item 1 is not a chat message: give hashtables or objects with 'role' and 'content' (got Int32).")]
        [InlineData("@{ content = 'no role' }", "History item 1 has no role.")]
        [InlineData("[pscustomobject]@{ role = ''; content = 'empty role' }", "History item 1 has no role.")]
        public void A_bad_item_is_refused_naming_its_position(string script, string message)
        {
            var history = new object[] { ChatMessage.User("fine"), PowerShellValues.Eval(script) };

            var ex = Assert.Throws<ArgumentException>(() => HistoryConverter.ToMessages(history));

            Assert.Equal(message, ex.Message);
        }

        [Fact]
        public void A_null_tool_call_is_refused_naming_its_path()
        {
            var message = PowerShellValues.Eval("@{ role = 'assistant'; tool_calls = @(@{ id = 'a'; function = @{ name = 'f' } }, $null) }");

            var ex = Assert.Throws<ArgumentException>(() => HistoryConverter.ToMessages(new object[] { message }));

            Assert.Equal("history[0].tool_calls[1] is null.", ex.Message);
        }
    }
}
