using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Auriko.Http;
using Auriko.Json;
using Xunit;

namespace Auriko.Tests.Unit
{
    public sealed class RequestWriterTests
    {
        private static JsonElement Write(ChatCompletionRequest request, RequestShape shape = RequestShape.TopLevel, bool stream = false)
        {
            using var buffer = new PooledBuffer(16);
            RequestWriter.Write(request, shape, stream, buffer);
            return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.Array, 0, buffer.Length)).RootElement.Clone();
        }

        private static ChatCompletionRequest Full() => new ChatCompletionRequest
        {
            Models = new List<string> { "gpt-4o", "claude-sonnet-4-6" },
            Messages = { ChatMessage.System("be brief"), ChatMessage.User("Hi") },
            Routing = new RoutingOptions { Optimize = Optimize.CostFocus, MaxTtftMs = 800, ExcludeProviders = new[] { "together_ai" }, Mode = RoutingMode.Fallback },
            AurikoMetadata = new Dictionary<string, object?> { ["trace_id"] = "t-1", ["tags"] = new[] { "demo" } },
            Extensions = new Dictionary<string, object?> { ["thinking"] = new Hashtable { ["enabled"] = true, ["budget_tokens"] = 6000 } },
            Temperature = 0.2,
            MaxTokens = 100,
        };

        [Fact]
        public void Top_level_shape_puts_routing_models_metadata_at_the_top()
        {
            var json = Write(Full());

            Assert.Equal(2, json.GetProperty("models").GetArrayLength());
            Assert.Equal("cost-focus", json.GetProperty("routing").GetProperty("optimize").GetString());
            Assert.Equal(800, json.GetProperty("routing").GetProperty("max_ttft_ms").GetDouble());
            Assert.Equal("fallback", json.GetProperty("routing").GetProperty("mode").GetString());
            Assert.Equal("together_ai", json.GetProperty("routing").GetProperty("exclude_providers")[0].GetString());
            Assert.Equal("t-1", json.GetProperty("auriko_metadata").GetProperty("trace_id").GetString());
            Assert.Equal(6000, json.GetProperty("extensions").GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
            Assert.Equal(0.2, json.GetProperty("temperature").GetDouble());
            Assert.Equal(100, json.GetProperty("max_tokens").GetInt32());
            Assert.False(json.TryGetProperty("gateway", out _));
            Assert.False(json.TryGetProperty("model", out _));
            Assert.False(json.TryGetProperty("stream", out _));
        }

        [Fact]
        public void Gateway_shape_nests_routing_models_metadata_and_keeps_extensions_top_level()
        {
            var json = Write(Full(), RequestShape.Gateway);

            var gateway = json.GetProperty("gateway");
            Assert.Equal(2, gateway.GetProperty("models").GetArrayLength());
            Assert.Equal("cost-focus", gateway.GetProperty("routing").GetProperty("optimize").GetString());
            Assert.Equal("t-1", gateway.GetProperty("metadata").GetProperty("trace_id").GetString());
            Assert.True(json.TryGetProperty("extensions", out _));
            Assert.False(json.TryGetProperty("routing", out _));
            Assert.False(json.TryGetProperty("models", out _));
            Assert.False(json.TryGetProperty("auriko_metadata", out _));
        }

        [Fact]
        public void Stream_requests_ask_for_usage()
        {
            var json = Write(new ChatCompletionRequest { Model = "m", Messages = { ChatMessage.User("x") } }, stream: true);
            Assert.True(json.GetProperty("stream").GetBoolean());
            Assert.True(json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        }

        [Fact]
        public void Messages_carry_tool_calls_but_never_reasoning()
        {
            var assistant = new ChatMessage("assistant", null)
            {
                ReasoningContent = "secret thoughts",
                ToolCalls = new List<ToolCall> { new ToolCall { Id = "call_1", FunctionName = "f", Arguments = "{\"a\":1}" } },
            };
            var json = Write(new ChatCompletionRequest { Model = "m", Messages = { ChatMessage.User("q"), assistant, ChatMessage.Tool("call_1", "42") } });

            var messages = json.GetProperty("messages");
            Assert.False(messages[1].TryGetProperty("reasoning_content", out _));
            Assert.False(messages[1].TryGetProperty("content", out _));
            var call = messages[1].GetProperty("tool_calls")[0];
            Assert.Equal("call_1", call.GetProperty("id").GetString());
            Assert.Equal("function", call.GetProperty("type").GetString());
            Assert.Equal("f", call.GetProperty("function").GetProperty("name").GetString());
            Assert.Equal("{\"a\":1}", call.GetProperty("function").GetProperty("arguments").GetString());
            Assert.Equal("call_1", messages[2].GetProperty("tool_call_id").GetString());
            Assert.DoesNotContain("secret thoughts", json.GetRawText());
        }

        private enum Color
        {
            Blue,
        }

        [Fact]
        public void Free_form_values_cover_the_supported_types()
        {
            var when = new DateTimeOffset(2026, 3, 20, 10, 0, 0, TimeSpan.Zero);
            var id = Guid.NewGuid();
            var request = new ChatCompletionRequest
            {
                Model = "m",
                Messages = { ChatMessage.User("x") },
                ExtraBody = new Dictionary<string, object?>
                {
                    ["emulator"] = new Dictionary<string, object> { ["chunks"] = 3, ["delay_ms"] = 1L },
                    ["values"] = new object?[] { null, "s", true, 1.5, 2.5f, 3m, (byte)4, (short)5, 6u, 7UL, Color.Blue, when, id, new List<int> { 1, 2 } },
                    ["ht"] = new Hashtable { [1] = "one" },
                },
                ToolChoice = "auto",
                ResponseFormat = "json_object",
                Stop = new[] { "END" },
            };
            var json = Write(request);

            Assert.Equal(3, json.GetProperty("emulator").GetProperty("chunks").GetInt32());
            var values = json.GetProperty("values");
            Assert.Equal(JsonValueKind.Null, values[0].ValueKind);
            Assert.Equal("Blue", values[10].GetString());
            Assert.Equal(when, values[11].GetDateTimeOffset());
            Assert.Equal(id, values[12].GetGuid());
            Assert.Equal(2, values[13].GetArrayLength());
            Assert.Equal("one", json.GetProperty("ht").GetProperty("1").GetString());
            Assert.Equal("auto", json.GetProperty("tool_choice").GetString());
            Assert.Equal("json_object", json.GetProperty("response_format").GetProperty("type").GetString());
            Assert.Equal("END", json.GetProperty("stop")[0].GetString());
        }

        [Fact]
        public void Unsupported_type_names_the_path()
        {
            var request = new ChatCompletionRequest
            {
                Model = "m",
                Messages = { ChatMessage.User("x") },
                Extensions = new Dictionary<string, object?> { ["openai"] = new Dictionary<string, object?> { ["foo"] = new object() } },
            };
            using var buffer = new PooledBuffer();
            var ex = Assert.Throws<InvalidRequestException>(() => RequestWriter.Write(request, RequestShape.TopLevel, false, buffer));
            Assert.Contains("extensions.openai.foo", ex.Message);
            Assert.Contains("System.Object", ex.Message);
            Assert.Equal("extensions.openai.foo", ex.Param);
        }

        [Fact]
        public void Cycles_are_reported_not_overflowed()
        {
            var list = new List<object>();
            list.Add(list);
            var request = new ChatCompletionRequest { Model = "m", Messages = { ChatMessage.User("x") }, Tools = list };
            using var buffer = new PooledBuffer();
            Assert.Throws<InvalidRequestException>(() => RequestWriter.Write(request, RequestShape.TopLevel, false, buffer));
        }

        [Fact]
        public void Extra_body_colliding_with_a_set_field_is_rejected()
        {
            var request = new ChatCompletionRequest
            {
                Model = "m",
                Temperature = 1,
                Messages = { ChatMessage.User("x") },
                ExtraBody = new Dictionary<string, object?> { ["temperature"] = 0.5 },
            };
            using var buffer = new PooledBuffer();
            var ex = Assert.Throws<InvalidRequestException>(() => RequestWriter.Write(request, RequestShape.TopLevel, false, buffer));
            Assert.Contains("temperature", ex.Message);

            request.Temperature = null;
            Assert.Equal(0.5, Write(request).GetProperty("temperature").GetDouble());

            request.ExtraBody = new Dictionary<string, object?> { ["stream"] = true };
            Assert.Throws<InvalidRequestException>(() => RequestWriter.Write(request, RequestShape.TopLevel, false, buffer));
        }

        [Theory]
        [InlineData("model", "Model")]
        [InlineData("models", "Models")]
        [InlineData("routing", "Routing")]
        [InlineData("auriko_metadata", "AurikoMetadata")]
        [InlineData("gateway", "RequestShape.Gateway")]
        [InlineData("extensions", "Extensions")]
        [InlineData("messages", "Messages")]
        [InlineData("stream", "StreamChatCompletionAsync")]
        [InlineData("stream_options", "StreamChatCompletionAsync")]
        public void Reserved_extra_body_keys_are_rejected_even_when_the_property_is_unset(string key, string instead)
        {
            foreach (var shape in new[] { RequestShape.TopLevel, RequestShape.Gateway })
            {
                var request = new ChatCompletionRequest
                {
                    Models = new[] { "a", "b" },
                    Messages = { ChatMessage.User("x") },
                    ExtraBody = new Dictionary<string, object?> { [key] = "v" },
                };
                using var buffer = new PooledBuffer();
                var ex = Assert.Throws<InvalidRequestException>(() => RequestWriter.Write(request, shape, false, buffer));
                Assert.Contains($"'{key}'", ex.Message);
                Assert.Contains(instead, ex.Message);
                Assert.Equal(0, buffer.Length);
                Assert.Throws<InvalidRequestException>(() => request.Validate());
            }
        }

        [Fact]
        public void Non_finite_numbers_are_rejected()
        {
            var request = new ChatCompletionRequest { Model = "m", Messages = { ChatMessage.User("x") }, ExtraBody = new Dictionary<string, object?> { ["x"] = double.NaN } };
            using var buffer = new PooledBuffer();
            Assert.Throws<InvalidRequestException>(() => RequestWriter.Write(request, RequestShape.TopLevel, false, buffer));
        }

        [Fact]
        public void Content_parts_are_written_as_arrays()
        {
            var parts = new List<object> { new Dictionary<string, object?> { ["type"] = "text", ["text"] = "look" } };
            var message = new ChatMessage { Role = "user", Content = parts };
            var json = Write(new ChatCompletionRequest { Model = "m", Messages = { message } });
            Assert.Equal("look", json.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
            Assert.Equal("look", message.ToString());
        }

        [Fact]
        public void Non_ascii_text_is_not_escaped()
        {
            using var buffer = new PooledBuffer();
            RequestWriter.Write(new ChatCompletionRequest { Model = "m", Messages = { ChatMessage.User("Grüße 日本") } }, RequestShape.TopLevel, false, buffer);
            Assert.Contains("Grüße 日本", Encoding.UTF8.GetString(buffer.Array, 0, buffer.Length));
        }
    }
}
