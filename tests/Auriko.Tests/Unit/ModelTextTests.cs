using System;
using System.Globalization;
using System.Text.Json;
using Auriko.Json;
using Xunit;

namespace Auriko.Tests.Unit
{
    /// <summary>
    /// What the models show as text (what Export-Csv writes into a cell): lists as JSON in the API's form, never a .NET
    /// type name; budget amounts exact; dates with their offset.
    /// </summary>
    public sealed class ModelTextTests
    {
        private const string CompletionJson =
            "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null," +
            "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}," +
            "\"finish_reason\":\"tool_calls\"}],\"routing_metadata\":{\"provider\":\"openai\",\"warnings\":[\"unsupported_field: metadata\",{\"code\":\"c\",\"message\":\"m\"}]}}";

        private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

        [Fact]
        public void An_answers_lists_are_json_arrays_in_the_api_form()
        {
            var completion = ChatWireReader.Read(System.Text.Encoding.UTF8.GetBytes(CompletionJson), streamed: false).ToCompletion();
            completion.SetHistory(new[] { ChatMessage.User("Weather in Paris?") });

            var choices = Parse(completion.Choices.ToString()!);
            Assert.Equal("tool_calls", choices[0].GetProperty("finish_reason").GetString());
            Assert.Equal("get_weather", choices[0].GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());

            var calls = Parse(completion.ToolCalls.ToString()!);
            Assert.Equal("call_1", calls[0].GetProperty("id").GetString());
            Assert.Equal("{\"city\":\"Paris\"}", calls[0].GetProperty("function").GetProperty("arguments").GetString());

            var history = Parse(completion.History.ToString()!);
            Assert.Equal(2, history.GetArrayLength());
            Assert.Equal("Weather in Paris?", history[0].GetProperty("content").GetString());
            Assert.Equal("assistant", history[1].GetProperty("role").GetString());

            var warnings = Parse(completion.RoutingMetadata!.Warnings.ToString()!);
            Assert.Equal("unsupported_field: metadata", warnings[0].GetProperty("message").GetString());
            Assert.Equal("c", warnings[1].GetProperty("code").GetString());
        }

        [Fact]
        public void Empty_lists_are_empty_text_and_still_lists()
        {
            var completion = ChatWireReader.Read(System.Text.Encoding.UTF8.GetBytes("{\"id\":\"c2\",\"choices\":[]}"), streamed: false).ToCompletion();
            foreach (var list in new object[] { completion.Choices, completion.ToolCalls, completion.History })
            {
                Assert.Equal(string.Empty, list.ToString());
            }

            Assert.Empty(completion.ToolCalls);
            Assert.Equal(string.Empty, new ChatCompletionChunk().Choices.ToString());
            Assert.Equal(string.Empty, new ChatCompletionChunk().ToolCallDeltas.ToString());
        }

        [Fact]
        public void No_list_of_the_models_shows_a_type_name()
        {
            var completion = ChatWireReader.Read(System.Text.Encoding.UTF8.GetBytes(CompletionJson), streamed: false).ToCompletion();
            completion.SetHistory(new[] { ChatMessage.User("x") });
            var directory = ModelReader.ReadDirectoryModel(Parse(
                "{\"id\":\"m\",\"providers\":[{\"provider\":\"openai\",\"capabilities\":[\"tools\",\"vision\"],\"pricing\":{\"input_per_1m\":2.5}}]}"));
            var texts = new[]
            {
                completion.Choices.ToString(), completion.ToolCalls.ToString(), completion.History.ToString(),
                completion.RoutingMetadata!.Warnings.ToString(), directory.Providers.ToString(), directory.Providers[0].Capabilities.ToString(),
            };
            foreach (var text in texts)
            {
                Assert.DoesNotContain("System.", text);
                Assert.DoesNotContain("Auriko.", text);
                Assert.StartsWith("[", text);
            }

            Assert.Equal("[\"tools\",\"vision\"]", directory.Providers[0].Capabilities.ToString());
        }

        [Fact]
        public void Budget_amounts_are_exact_decimals()
        {
            var budget = ModelReader.ReadBudget(Parse("{\"id\":\"b\",\"limit_usd\":1000,\"spend_usd\":987.65}"));
            Assert.Equal(12.35m, budget.RemainingUsd);
            Assert.Equal("12.35", budget.RemainingUsd!.Value.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(98.77m, budget.PercentUsed);
        }

        [Fact]
        public void Dates_keep_their_offset()
        {
            var budget = ModelReader.ReadBudget(Parse("{\"id\":\"b\",\"created_at\":\"2026-03-20T10:00:00+02:00\",\"updated_at\":\"2026-03-21T08:00:00Z\"}"));
            Assert.Equal(TimeSpan.FromHours(2), budget.CreatedAt!.Value.Offset);
            Assert.Equal(new DateTimeOffset(2026, 3, 20, 8, 0, 0, TimeSpan.Zero), budget.CreatedAt.Value);
            Assert.Equal(TimeSpan.Zero, budget.UpdatedAt!.Value.Offset);
        }
    }
}
