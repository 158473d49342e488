using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Auriko.Tests.Unit
{
    public sealed class SseStreamTests
    {
        internal const string Chunk1 = "{\"id\":\"c1\",\"model\":\"gpt-4o\",\"created\":1767225600,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}";
        private const string Chunk2 = "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}";
        private const string UsageChunk = "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7},\"routing_metadata\":{\"provider\":\"openai\",\"cost\":{\"usd\":0.5}}}";

        internal static string Sse(params string[] payloads)
        {
            var sb = new StringBuilder();
            foreach (var p in payloads)
            {
                sb.Append("data: ").Append(p).Append("\n\n");
            }

            return sb.ToString();
        }

        private static string ReadAll(ChatCompletionStream stream)
        {
            var sb = new StringBuilder();
            while (stream.MoveNext())
            {
                sb.Append(stream.Current.Content);
            }

            return sb.ToString();
        }

        [Fact]
        public void Reads_chunks_until_done_and_aggregates()
        {
            using var stream = FakeSseStream.Open(Sse(Chunk1, Chunk2, UsageChunk, "[DONE]"));

            Assert.Equal("Hello", ReadAll(stream));
            var final = stream.GetFinalCompletion();
            Assert.Equal("Hello", final.Content);
            Assert.Equal("stop", final.FinishReason);
            Assert.Equal(7, final.Usage!.TotalTokens);
            Assert.Equal("openai", final.Provider);
            Assert.Equal(0.5, final.CostUsd);
            Assert.Equal("req_test", final.RequestId);
            Assert.Equal(2, final.History.Count);
            Assert.Equal("assistant", final.History[1].Role);
            Assert.Equal("Hello", final.History[1].Content);
            Assert.False(stream.MoveNext());
        }

        [Fact]
        public void Separate_usage_chunk_is_kept_as_the_last_non_null()
        {
            using var stream = FakeSseStream.Open(Sse(Chunk1, Chunk2, UsageChunk, Chunk2.Replace("\"lo\"", "\"\""), "[DONE]"));
            ReadAll(stream);
            Assert.Equal(7, stream.Usage!.TotalTokens);
            Assert.Equal("openai", stream.RoutingMetadata!.Provider);
        }

        [Fact]
        public void Ignores_comments_event_id_retry_fields()
        {
            var text = ": keep-alive\n\nevent: message\nid: 1\nretry: 100\ndata: " + Chunk1 + "\n\n: ping\n\ndata: " + Chunk2 + "\n\ndata: [DONE]\n\n";
            using var stream = FakeSseStream.Open(text);
            Assert.Equal("Hello", ReadAll(stream));
        }

        [Fact]
        public void Accepts_crlf_line_ends()
        {
            using var stream = FakeSseStream.Open(Sse(Chunk1, Chunk2, "[DONE]").Replace("\n", "\r\n"));
            Assert.Equal("Hello", ReadAll(stream));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(17)]
        public void Events_split_across_reads_are_joined(int pieceSize)
        {
            using var stream = FakeSseStream.Open(Sse(Chunk1, Chunk2, UsageChunk, "[DONE]").Replace("\n", "\r\n"), pieceSize);
            Assert.Equal("Hello", ReadAll(stream));
            Assert.Equal(7, stream.Usage!.TotalTokens);
        }

        [Fact]
        public void Multibyte_characters_split_across_reads_survive()
        {
            var chunk = Chunk1.Replace("Hel", "Grüße 🌍");
            using var stream = FakeSseStream.Open(Sse(chunk, "[DONE]"), pieceSize: 1);
            Assert.Equal("Grüße 🌍", ReadAll(stream));
        }

        [Fact]
        public void Error_event_throws_the_mapped_exception_with_the_request_id()
        {
            var error = "{\"error\":{\"message\":\"Provider died\",\"type\":\"api_error\",\"code\":\"upstream_error\"}}";
            using var stream = FakeSseStream.Open(Sse(Chunk1, error), requestId: "req_err");
            Assert.True(stream.MoveNext());
            var ex = Assert.Throws<ProviderException>(() => stream.MoveNext());
            Assert.Equal("req_err", ex.RequestId);
            Assert.Contains("Provider died", ex.Message);

            // A broken stream keeps reporting the same failure.
            Assert.Same(ex, Assert.Throws<ProviderException>(() => stream.MoveNext()));
        }

        [Fact]
        public void Rate_limit_error_event_maps_by_code()
        {
            using var stream = FakeSseStream.Open(Sse("{\"error\":{\"message\":\"slow\",\"code\":\"rate_limit_exceeded\"}}"));
            Assert.Throws<RateLimitException>(() => stream.MoveNext());
        }

        [Fact]
        public void Eof_without_done_is_a_truncated_stream()
        {
            using var stream = FakeSseStream.Open(Sse(Chunk1));
            Assert.True(stream.MoveNext());
            var ex = Assert.Throws<AurikoConnectionException>(() => stream.MoveNext());
            Assert.True(ex.IsTruncatedStream);
            Assert.False(ex.IsTimeout);
            Assert.Contains("[DONE]", ex.Message);
            Assert.Equal("req_test", ex.RequestId);
        }

        [Fact]
        public void Empty_stream_is_truncated()
        {
            using var stream = FakeSseStream.Open(string.Empty);
            Assert.True(Assert.Throws<AurikoConnectionException>(() => stream.MoveNext()).IsTruncatedStream);
        }

        [Fact]
        public void Invalid_json_event_is_a_typed_error()
        {
            using var stream = FakeSseStream.Open(Sse("{\"id\": \"c1\", \"choices\": [ {"));
            var ex = Assert.Throws<AurikoException>(() => stream.MoveNext());
            Assert.Contains("not valid JSON", ex.Message);
        }

        [Fact]
        public void Invalid_utf8_event_is_a_typed_error()
        {
            var bytes = Encoding.UTF8.GetBytes("data: {\"choices\":[{\"delta\":{\"content\":\"AB\"}}]}\n\n");
            var i = Array.IndexOf(bytes, (byte)'A');
            bytes[i] = 0xC3;
            bytes[i + 1] = 0x28;
            using var stream = FakeSseStream.Open(new[] { bytes });
            var ex = Assert.Throws<AurikoException>(() => stream.MoveNext());
            Assert.Contains("UTF-8", ex.Message);
        }

        [Fact]
        public void Tool_calls_are_assembled_by_index()
        {
            var a = "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_\",\"arguments\":\"{\\\"ci\"}},{\"index\":1,\"id\":\"call_2\",\"function\":{\"name\":\"time\",\"arguments\":\"{}\"}}]}}]}";
            var b = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"weather\",\"arguments\":\"ty\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}";
            using var stream = FakeSseStream.Open(Sse(a, b, "[DONE]"));
            ReadAll(stream);
            var final = stream.GetFinalCompletion();

            Assert.Equal("tool_calls", final.FinishReason);
            Assert.Equal(2, final.ToolCalls.Count);
            Assert.Equal("call_1", final.ToolCalls[0].Id);
            Assert.Equal("get_weather", final.ToolCalls[0].FunctionName);
            Assert.Equal("{\"city\":\"Paris\"}", final.ToolCalls[0].Arguments);
            Assert.Equal("time", final.ToolCalls[1].FunctionName);
            Assert.Null(final.Content);
            Assert.Contains("get_weather", final.GetRawJson());
        }

        [Fact]
        public void Reasoning_is_aggregated_separately()
        {
            var r = "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Think\"}}]}";
            using var stream = FakeSseStream.Open(Sse(r, r, Chunk1, "[DONE]"));
            Assert.True(stream.MoveNext());
            Assert.Equal("Think", stream.Current.ReasoningContent);
            Assert.Null(stream.Current.Content);
            ReadAll(stream);
            Assert.Equal("ThinkThink", stream.GetFinalCompletion().ReasoningContent);
            Assert.Equal("Hel", stream.GetFinalCompletion().Content);
        }

        [Fact]
        public void Chunk_fields_and_headers_are_exposed()
        {
            using var stream = FakeSseStream.Open(Sse(Chunk1, "[DONE]"));
            Assert.Equal("req_test", stream.ResponseHeaders.RequestId);
            Assert.True(stream.MoveNext());
            var chunk = stream.Current;
            Assert.Equal("c1", chunk.Id);
            Assert.Equal("gpt-4o", chunk.Model);
            Assert.Equal("assistant", chunk.Role);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600), chunk.Created);
            Assert.Same(stream.ResponseHeaders, chunk.ResponseHeaders);
            Assert.Equal("Hel", chunk.ToString());
            Assert.False(chunk.IsFinal);
        }

        [Fact]
        public void Unknown_fields_and_odd_types_are_tolerated()
        {
            var odd = "{\"id\":5,\"extra\":{\"a\":[1,2,{\"b\":null}]},\"created\":\"soon\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\",\"weird\":[true]},\"logprobs\":null}]}";
            using var stream = FakeSseStream.Open(Sse(odd, "[DONE]"));
            Assert.True(stream.MoveNext());
            Assert.Equal("x", stream.Current.Content);
            Assert.Equal("5", stream.Current.Id);
            Assert.Null(stream.Current.Created);
        }

        [Fact]
        public void Current_before_move_is_an_error()
        {
            using var stream = FakeSseStream.Open(Sse("[DONE]"));
            Assert.Throws<InvalidOperationException>(() => stream.Current);
        }
    }

    /// <summary>The stream reader's tests that measure elapsed time: in the timing collection, never beside another test.</summary>
    [Collection(TimingCollection.Name)]
    public sealed class SseStreamTimingTests
    {
        [Fact]
        public void Idle_stream_times_out()
        {
            using var stream = FakeSseStream.Open(SseStreamTests.Sse(SseStreamTests.Chunk1), hangAtEnd: true, idle: TimeSpan.FromMilliseconds(300));
            Assert.True(stream.MoveNext());
            var watch = Stopwatch.StartNew();
            var ex = Assert.Throws<AurikoConnectionException>(() => stream.MoveNext());
            Assert.True(ex.IsTimeout);
            Assert.InRange(watch.ElapsedMilliseconds, 200, 5000);
        }

        [Fact]
        public async Task Cancellation_aborts_a_blocked_read_at_once()
        {
            using var stream = FakeSseStream.Open(SseStreamTests.Sse(SseStreamTests.Chunk1), hangAtEnd: true);
            Assert.True(await stream.MoveNextAsync());
            using var cts = new CancellationTokenSource(200);
            var watch = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.MoveNextAsync(cts.Token));
            Assert.InRange(watch.ElapsedMilliseconds, 100, 2000);
        }
    }
}
