using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Auriko.TestServer;
using Xunit;

namespace Auriko.Tests.Integration
{
    /// <summary>
    /// One reading of the wire: the same answer or error, sent as a non-streamed body and as a stream, gives the same
    /// typed result. Each case goes over HTTP to the test server, which sends the literal bytes a third-party server would.
    /// </summary>
    public sealed class WireReadingTests
    {
        /// <summary>Answers a third-party OpenAI-compatible server may send, as (body, the same answer as stream events).</summary>
        public static IEnumerable<object[]> Fixtures() => new[]
        {
            new object[] { "reasoning alias", "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\",\"reasoning\":\"thinking\"},\"finish_reason\":\"stop\"}]}" },
            new object[] { "tool call with object arguments", "{\"id\":\"c2\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},\"finish_reason\":\"tool_calls\"}]}" },
            new object[] { "content parts and numbers as strings", "{\"id\":\"c3\",\"model\":\"m\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"A\"},{\"type\":\"text\",\"text\":\"B\"}]},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5,\"completion_tokens_details\":{\"reasoning_tokens\":1}},\"routing_metadata\":{\"provider\":\"p\",\"cost\":{\"usd\":0.5},\"extra\":{\"x\":1}}}" },
            new object[] { "two choices", "{\"id\":\"c4\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"one\"},\"finish_reason\":\"stop\"},{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"two\"},\"finish_reason\":\"length\"}]}" },
            new object[] { "an index of the wrong type reads as absent", "{\"id\":\"c6\",\"model\":\"m\",\"choices\":[{\"index\":{\"a\":{\"b\":1}},\"message\":{\"role\":\"assistant\",\"content\":\"kept\"},\"finish_reason\":\"stop\"}]}" },
            new object[] { "escaped emoji", "{\"id\":\"c5\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"smile \\ud83d\\ude00 ok\"},\"finish_reason\":\"stop\"}]}" },
        };

        [Theory]
        [MemberData(nameof(Fixtures))]
        public async Task The_same_answer_reads_the_same_streamed_and_not(string name, string body)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);

            server.Enqueue(new Scenario(ScenarioKinds.Error) { Path = "/v1/chat/completions", Status = 200, ContentType = "application/json", Body = body });
            var plain = await client.CreateChatCompletionAsync(TestKit.Chat());

            server.Enqueue(new Scenario(ScenarioKinds.Events) { Path = "/v1/chat/completions", Events = AsChunks(body).Append("[DONE]").ToList() });
            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());
            while (await stream.MoveNextAsync())
            {
            }

            var streamed = stream.GetFinalCompletion();
            Assert.True(!string.IsNullOrEmpty(plain.Content) || plain.ToolCalls.Count > 0, $"{name}: the body's answer was read");
            Assert.True(Describe(plain) == Describe(streamed), $"{name}:\n  body:   {Describe(plain)}\n  stream: {Describe(streamed)}");
        }

        [Fact]
        public async Task An_emoji_split_across_two_chunks_is_joined_and_no_chunk_throws()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Events)
            {
                Path = "/v1/chat/completions",
                Events = new[] { Delta("smile \\ud83d"), Delta("\\ude00 ok"), Delta("lone \\ud83d"), "[DONE]" },
            });

            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());
            var texts = new List<string>();
            while (await stream.MoveNextAsync())
            {
                texts.Add(stream.Current.Content ?? string.Empty);
            }

            Assert.Equal("smile \U0001F600 oklone \uFFFD", stream.GetFinalCompletion().Content);
            Assert.All(texts, t => Assert.DoesNotContain(t, c => char.IsSurrogate(c) && !IsPaired(t, c)));
            Assert.Equal("smile ", texts[0]);
            Assert.Equal("\U0001F600 ok", texts[1]);
        }

        [Fact]
        public async Task Tool_call_arguments_split_inside_a_character_are_joined_and_a_lone_half_becomes_U_FFFD()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            static string ToolDelta(int index, string? id, string? name, string escapedArguments) =>
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + index + (id is null ? string.Empty : ",\"id\":\"" + id + "\",\"type\":\"function\"")
                + ",\"function\":{" + (name is null ? string.Empty : "\"name\":\"" + name + "\",") + "\"arguments\":\"" + escapedArguments + "\"}}]}}]}";
            server.Enqueue(new Scenario(ScenarioKinds.Events)
            {
                Path = "/v1/chat/completions",
                Events = new[]
                {
                    ToolDelta(0, "t1", "say", "{\\\"text\\\":\\\"hi \\ud83d"),
                    ToolDelta(0, null, null, "\\ude00\\\"}"),
                    ToolDelta(1, "t2", "say", "{\\\"text\\\":\\\"cut \\ud83d"),
                    "[DONE]",
                },
            });

            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());
            while (await stream.MoveNextAsync())
            {
            }

            var calls = stream.GetFinalCompletion().ToolCalls;
            Assert.Equal("{\"text\":\"hi \U0001F600\"}", calls[0].Arguments);
            Assert.Equal("{\"text\":\"cut \uFFFD", calls[1].Arguments);
        }

        [Theory]
        [InlineData("{\"error\":{\"message\":\"upstream down\",\"type\":\"api_error\",\"code\":\"upstream_error\"}}", typeof(ProviderException), "upstream_error")]
        [InlineData("{\"error\":{\"message\":\"mystery\",\"code\":\"never_heard_of_it\"}}", typeof(InternalServerException), "never_heard_of_it")]
        [InlineData("{\"error\":{\"message\":\"slow\",\"type\":\"rate_limit_error\"}}", typeof(RateLimitException), null)]
        [InlineData("{\"detail\":\"Model is loading\"}", typeof(InternalServerException), null)]
        [InlineData("{\"error\":\"Bad Gateway\",\"message\":\"upstream timed out\"}", typeof(InternalServerException), null)]
        public async Task An_error_inside_a_200_body_and_inside_a_stream_map_to_the_same_typed_error(string payload, Type expected, string? code)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.MaxRetries = 0);

            server.Enqueue(new Scenario(ScenarioKinds.Error) { Path = "/v1/chat/completions", Status = 200, ContentType = "application/json", Body = payload });
            var fromBody = await Assert.ThrowsAnyAsync<AurikoApiException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));

            server.Enqueue(new Scenario(ScenarioKinds.Events) { Path = "/v1/chat/completions", Events = new[] { Delta("partial "), payload } });
            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());
            var fromStream = await Assert.ThrowsAnyAsync<AurikoApiException>(async () =>
            {
                while (await stream.MoveNextAsync())
                {
                }
            });

            Assert.IsType(expected, fromBody);
            Assert.IsType(expected, fromStream);
            Assert.Equal(code, fromBody.Code);
            Assert.Equal(code, fromStream.Code);
            Assert.NotNull(fromBody.RequestId);
            Assert.Equal(fromBody.Message.Split('(')[0], fromStream.Message.Split('(')[0]);
            if (payload.Contains("Bad Gateway", StringComparison.Ordinal))
            {
                Assert.StartsWith("Bad Gateway: upstream timed out", fromBody.Message);
            }
        }

        [Theory]
        [InlineData("{}", "has no 'choices'")]
        [InlineData("[]", "is a JSON array")]
        [InlineData("{\"id\":\"x\",\"choices\":[]}", "has an empty 'choices' list")]
        public async Task A_200_without_choices_is_a_clear_error_with_the_body_and_request_id(string body, string expected)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.MaxRetries = 0);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Path = "/v1/chat/completions", Status = 200, ContentType = "application/json", Body = body });

            var error = await Assert.ThrowsAsync<AurikoException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));

            Assert.Contains(expected, error.Message);
            Assert.Equal(body, error.RawBody);
            Assert.NotNull(error.RequestId);
            Assert.Contains(error.RequestId!, error.Message);
        }

        [Theory]
        [InlineData("text/plain", "Service Unavailable\nretry later", "with a plain-text body: Service Unavailable")]
        [InlineData("text/html", "<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503</h1></body></html>", "503 Service Temporarily Unavailable")]
        [InlineData("application/json", "\"Service down for maintenance\"", "Service down for maintenance")]
        [InlineData("application/json", "{\"detail\":[{\"loc\":[\"body\",\"messages\"],\"msg\":\"field required\"}]}", "body.messages: field required")]
        public async Task Error_bodies_of_other_shapes_keep_their_detail(string contentType, string body, string expected)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.MaxRetries = 0);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Path = "/v1/chat/completions", Status = 503, ContentType = contentType, Body = body });

            var error = await Assert.ThrowsAnyAsync<AurikoApiException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));

            Assert.Contains(expected, error.Message);
            Assert.DoesNotContain("retry later", error.Message);
        }

        [Fact]
        public async Task A_streamed_answer_raw_json_is_lossless()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            var body = "{\"id\":\"c9\",\"model\":\"m\",\"system_fingerprint\":\"fp\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\",\"reasoning_content\":\"because\",\"tool_calls\":[{\"index\":0,\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":1}},\"routing_metadata\":{\"provider\":\"p\",\"tier\":\"t\",\"warnings\":[\"w\"],\"cost\":{\"billable_cost_usd\":0.1}}}";
            server.Enqueue(new Scenario(ScenarioKinds.Events) { Path = "/v1/chat/completions", Events = AsChunks(body).Append("[DONE]").ToList() });

            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());
            while (await stream.MoveNextAsync())
            {
            }

            var raw = JsonDocument.Parse(stream.GetFinalCompletion().GetRawJson()).RootElement;
            var message = raw.GetProperty("choices")[0].GetProperty("message");
            Assert.Equal("because", message.GetProperty("reasoning_content").GetString());
            Assert.Equal("f", message.GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());
            Assert.Equal("fp", raw.GetProperty("system_fingerprint").GetString());
            Assert.Equal(1, raw.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
            Assert.Equal("t", raw.GetProperty("routing_metadata").GetProperty("tier").GetString());
            Assert.Equal("w", raw.GetProperty("routing_metadata").GetProperty("warnings")[0].GetString());
            Assert.Equal(0.1, raw.GetProperty("routing_metadata").GetProperty("cost").GetProperty("billable_cost_usd").GetDouble());
        }

        /// <summary>
        /// The async stream holds no thread while it waits: 64 streams, each waiting between chunks, read at once with
        /// the thread pool's default settings on this 2-core machine, finish in about the time of one.
        /// </summary>
        [Fact]
        public async Task Sixty_four_concurrent_streams_read_asynchronously_do_not_starve_the_pool()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            const int Streams = 64;
            var started = DateTime.UtcNow;
            var texts = await Task.WhenAll(Enumerable.Range(0, Streams).Select(async i =>
            {
                var request = TestKit.Chat("stream " + i, new Dictionary<string, object?> { ["chunks"] = 5, ["delay_ms"] = 200 });
                using var stream = await client.StreamChatCompletionAsync(request);
                while (await stream.MoveNextAsync())
                {
                }

                return stream.GetFinalCompletion().Content;
            }));

            var elapsed = DateTime.UtcNow - started;
            Assert.All(texts.Select((t, i) => (t, i)), p => Assert.Contains("stream " + p.i, p.t));

            // One stream takes about 1 s (5 chunks 200 ms apart). A thread held per waiting stream would need 64
            // threads, which the pool injects at about one or two a second: tens of seconds.
            Assert.True(elapsed < TimeSpan.FromSeconds(15), $"64 streams took {elapsed.TotalSeconds:0.0} s");
        }

        private static bool IsPaired(string text, char c)
        {
            var i = text.IndexOf(c);
            return char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) : i > 0 && char.IsHighSurrogate(text[i - 1]);
        }

        private static string Delta(string jsonEscapedText) =>
            "{\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + jsonEscapedText + "\"},\"finish_reason\":null}]}";

        /// <summary>The stream a server would send for a body: each choice's message as one delta chunk, then usage and metadata on a last chunk.</summary>
        private static IEnumerable<string> AsChunks(string body)
        {
            var root = JsonDocument.Parse(body).RootElement;
            foreach (var choice in root.GetProperty("choices").EnumerateArray())
            {
                var top = new StringBuilder("{");
                foreach (var name in new[] { "id", "model", "system_fingerprint" })
                {
                    if (root.TryGetProperty(name, out var value))
                    {
                        top.Append('"').Append(name).Append("\":").Append(value.GetRawText()).Append(',');
                    }
                }

                yield return top + "\"choices\":[{\"index\":" + choice.GetProperty("index").GetRawText()
                    + ",\"delta\":" + choice.GetProperty("message").GetRawText()
                    + ",\"finish_reason\":" + choice.GetProperty("finish_reason").GetRawText() + "}]}";
            }

            var last = new List<string>();
            foreach (var name in new[] { "usage", "routing_metadata" })
            {
                if (root.TryGetProperty(name, out var value))
                {
                    last.Add("\"" + name + "\":" + value.GetRawText());
                }
            }

            if (last.Count > 0)
            {
                yield return "{\"choices\":[]," + string.Join(",", last) + "}";
            }
        }

        /// <summary>Every typed field a user reads, as one line, to compare the two paths.</summary>
        private static string Describe(ChatCompletion c) => string.Join(" | ", new[]
        {
            $"id={c.Id}", $"model={c.Model}", $"fp={c.SystemFingerprint}", $"content={c.Content}", $"reasoning={c.ReasoningContent}",
            $"finish={c.FinishReason}", $"choices={string.Join(";", c.Choices.Select(ch => $"{ch.Index}:{ch.Message.Content}:{ch.FinishReason}:{ch.Message.Role}"))}",
            $"tools={string.Join(";", c.ToolCalls.Select(t => $"{t.Index}:{t.Id}:{t.Type}:{t.FunctionName}:{t.Arguments}"))}",
            $"usage={c.Usage?.PromptTokens}/{c.Usage?.CompletionTokens}/{c.Usage?.TotalTokens}/{c.Usage?.ReasoningTokens}",
            $"routing={c.RoutingMetadata?.Provider}/{c.CostUsd}/{string.Join(",", c.RoutingMetadata?.AdditionalProperties.Keys ?? Array.Empty<string>())}",
        });
    }
}
