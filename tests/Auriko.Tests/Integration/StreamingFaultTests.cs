using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Auriko.TestServer;
using Xunit;

namespace Auriko.Tests.Integration
{
    public sealed class StreamingFaultTests
    {
        private static async Task<(string Text, int Chunks)> DrainAsync(ChatCompletionStream stream, CancellationToken ct = default)
        {
            var text = new StringBuilder();
            var chunks = 0;
            while (await stream.MoveNextAsync(ct))
            {
                chunks++;
                text.Append(stream.Current.Content);
            }

            return (text.ToString(), chunks);
        }

        private static async Task<ChatCompletion> StreamWith(string kind, Action<Scenario>? configure = null, string text = "tolerance")
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            var scenario = TestKit.ChatScenario(kind);
            configure?.Invoke(scenario);
            server.Enqueue(scenario);
            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat(text, new() { ["chunks"] = 5 }));
            var (streamed, _) = await DrainAsync(stream);
            var final = stream.GetFinalCompletion();
            Assert.Equal(streamed, final.Content ?? string.Empty);
            return final;
        }

        [Theory]
        [InlineData(ScenarioKinds.Comments)]
        [InlineData(ScenarioKinds.Crlf)]
        [InlineData(ScenarioKinds.SplitWrites)]
        [InlineData(ScenarioKinds.UsageSeparateChunk)]
        [InlineData(ScenarioKinds.Ok)]
        public async Task Tolerated_stream_shapes_give_the_same_answer(string kind)
        {
            var final = await StreamWith(kind);
            Assert.Equal("Echo (1 messages): tolerance", final.Content);
            Assert.True(final.Usage!.TotalTokens > 0);
            Assert.NotNull(final.RoutingMetadata);
            Assert.Equal("stop", final.FinishReason);
        }

        [Fact]
        public async Task Sse_fields_event_id_retry_are_ignored()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("fields", new() { ["sse_fields"] = true, ["comments"] = true, ["crlf"] = true }));
            Assert.Contains("fields", (await DrainAsync(stream)).Text);
        }

        [Fact]
        public async Task Missing_provider_headers_fall_back_to_routing_metadata()
        {
            var final = await StreamWith(ScenarioKinds.NoProviderHeaders);
            Assert.Null(final.ResponseHeaders.ProviderUsed);
            Assert.NotNull(final.Provider);
            Assert.Equal(final.RoutingMetadata!.Provider, final.Provider);
        }

        [Fact]
        public async Task Streamed_tool_calls_are_assembled()
        {
            // Tool calls are switched on per request (the emulator's documented "emulator" body field).
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("weather in Paris?", new() { ["tool_calls"] = true, ["tool_call_count"] = 2 }));
            await DrainAsync(stream);
            var final = stream.GetFinalCompletion();
            Assert.Equal("tool_calls", final.FinishReason);
            Assert.Equal(2, final.ToolCalls.Count);
            Assert.All(final.ToolCalls, c =>
            {
                Assert.False(string.IsNullOrEmpty(c.Id));
                Assert.False(string.IsNullOrEmpty(c.FunctionName));
                System.Text.Json.JsonDocument.Parse(c.Arguments!);
            });
            Assert.Equal(final.ToolCalls.Count, final.History[1].ToolCalls!.Count);
        }

        [Fact]
        public async Task Non_streamed_tool_calls_and_reasoning()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            var tools = await client.CreateChatCompletionAsync(TestKit.Chat("weather in Oslo?", new() { ["tool_calls"] = true }));
            Assert.Equal("tool_calls", tools.FinishReason);
            Assert.NotEmpty(tools.ToolCalls);

            server.Enqueue(TestKit.ChatScenario(ScenarioKinds.Reasoning));
            var reasoning = await client.CreateChatCompletionAsync(TestKit.Chat());
            Assert.False(string.IsNullOrEmpty(reasoning.ReasoningContent));
        }

        [Fact]
        public async Task Streamed_reasoning_is_separate_from_content()
        {
            var final = await StreamWith(ScenarioKinds.Reasoning);
            Assert.False(string.IsNullOrEmpty(final.ReasoningContent));
            Assert.Contains("tolerance", final.Content);
        }

        [Fact]
        public async Task Cut_stream_is_truncated()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Cut) { Path = "/v1/chat/completions", After = 2 });
            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("x", new() { ["chunks"] = 5 }));

            var ex = await Assert.ThrowsAsync<AurikoConnectionException>(() => DrainAsync(stream));
            Assert.True(ex.IsTruncatedStream);
            Assert.Equal(stream.ResponseHeaders.RequestId, ex.RequestId);
            Assert.Equal(1, server.RequestCount);
        }

        [Fact]
        public async Task Aborted_stream_is_a_connection_error()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.MaxRetries = 0);
            server.Enqueue(new Scenario(ScenarioKinds.Cut) { Path = "/v1/chat/completions", After = 2, Abort = true });

            // The reset may land before or after the headers, depending on buffering; either way it is a connection error.
            var ex = await Assert.ThrowsAsync<AurikoConnectionException>(async () =>
            {
                using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("x", new() { ["chunks"] = 5 }));
                await DrainAsync(stream);
            });
            Assert.False(ex.IsTimeout);
            Assert.Equal(1, server.RequestCount);
        }

        [Theory]
        [InlineData(ScenarioKinds.InvalidJson)]
        [InlineData(ScenarioKinds.InvalidUtf8)]
        public async Task Broken_events_are_typed_errors(string kind)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(kind) { Path = "/v1/chat/completions", Where = "event" });
            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());

            var ex = await Assert.ThrowsAnyAsync<AurikoException>(() => DrainAsync(stream));
            Assert.IsType<AurikoException>(ex);
        }

        [Theory]
        [InlineData(ScenarioKinds.InvalidJson)]
        [InlineData(ScenarioKinds.InvalidUtf8)]
        public async Task Broken_bodies_are_typed_errors(string kind)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(kind) { Path = "/v1/chat/completions", Where = "body" });

            var ex = await Assert.ThrowsAsync<AurikoException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.Contains(kind == ScenarioKinds.InvalidJson ? "JSON" : "UTF-8", ex.Message);
        }

        [Fact]
        public async Task Unexpected_content_type_is_a_typed_error()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.ContentType) { Path = "/v1/chat/completions", Value = "text/html" });

            var ex = await Assert.ThrowsAsync<AurikoException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.Contains("text/html", ex.Message);

            server.Enqueue(new Scenario(ScenarioKinds.ContentType) { Path = "/v1/chat/completions", Value = "text/plain" });
            await Assert.ThrowsAsync<AurikoException>(() => client.StreamChatCompletionAsync(TestKit.Chat()));
        }

        [Fact]
        public async Task Oversized_body_fails_clearly()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.Timeout = TimeSpan.FromSeconds(30));
            server.Enqueue(new Scenario(ScenarioKinds.LargeBody) { Path = "/v1/chat/completions", Bytes = 70L * 1024 * 1024 });

            var ex = await Assert.ThrowsAsync<AurikoException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.Contains("64 MB", ex.Message);
            Assert.Equal(1, server.RequestCount);
        }

        [Fact]
        public async Task Large_stream_is_read_incrementally()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("x", new() { ["chunks"] = 2000, ["content_bytes"] = 200_000 }));
            var (text, chunks) = await DrainAsync(stream);
            Assert.InRange(chunks, 2000, 2003); // content deltas plus the role and finish chunks
            Assert.Equal(200_000, Encoding.UTF8.GetByteCount(text));
        }
    }

    [Collection(TimingCollection.Name)]
    public sealed class TimeoutAndCancellationTests
    {
        /// <summary>Cancels after <paramref name="delayMs"/> and measures how long the call takes to stop after that.</summary>
        private static async Task<double> MillisecondsToStopAfterCancel(int delayMs, Func<CancellationToken, Task> call)
        {
            using var cts = new CancellationTokenSource();
            var watch = Stopwatch.StartNew();
            var cancelledAt = 0.0;
            cts.Token.Register(() => cancelledAt = watch.Elapsed.TotalMilliseconds);
            cts.CancelAfter(delayMs);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call(cts.Token));
            return watch.Elapsed.TotalMilliseconds - cancelledAt;
        }

        [Fact]
        public async Task Hanging_server_times_out_per_attempt()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o =>
            {
                o.Timeout = TimeSpan.FromMilliseconds(400);
                o.MaxRetries = 1;
            });
            server.Enqueue(new Scenario(ScenarioKinds.Hang) { Times = -1 });
            var sink = new RecordingSink();
            var watch = Stopwatch.StartNew();

            var ex = await Assert.ThrowsAsync<AurikoConnectionException>(() => client.CreateChatCompletionAsync(TestKit.Chat(), sink.Call));

            Assert.True(ex.IsTimeout);
            Assert.Equal(2, server.RequestCount);
            Assert.Contains("timeout", Assert.Single(sink.Of(AurikoEventKind.Retry)).Message);
            Assert.InRange(watch.Elapsed.TotalSeconds, 0.7, 5);
        }

        [Fact]
        public async Task Headers_then_silence_times_out_a_json_call()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o =>
            {
                o.Timeout = TimeSpan.FromMilliseconds(400);
                o.MaxRetries = 0;
            });
            server.Enqueue(new Scenario(ScenarioKinds.HeadersThenSilence) { Times = -1 });

            var ex = await Assert.ThrowsAsync<AurikoConnectionException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.True(ex.IsTimeout);
        }

        [Fact]
        public async Task Headers_then_silence_is_an_idle_stream_timeout()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.Timeout = TimeSpan.FromMilliseconds(400));
            server.Enqueue(new Scenario(ScenarioKinds.HeadersThenSilence) { Times = -1 });

            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());
            var ex = await Assert.ThrowsAsync<AurikoConnectionException>(() => stream.MoveNextAsync());
            Assert.True(ex.IsTimeout);
            Assert.Equal(1, server.RequestCount);
        }

        [Fact]
        public async Task Silence_after_some_chunks_is_an_idle_timeout()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.Timeout = TimeSpan.FromMilliseconds(400));
            server.Enqueue(new Scenario(ScenarioKinds.SilentAfter) { Path = "/v1/chat/completions", After = 2 });

            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("x", new() { ["chunks"] = 5 }));
            var chunks = 0;
            var ex = await Assert.ThrowsAsync<AurikoConnectionException>(async () =>
            {
                while (await stream.MoveNextAsync())
                {
                    chunks++;
                }
            });

            Assert.True(ex.IsTimeout);
            Assert.InRange(chunks, 2, 3);
        }

        [Fact]
        public async Task Slow_trickle_that_keeps_sending_does_not_time_out()
        {
            await using var server = await EmulatorHost.StartAsync();
            // Six times the gap between chunks, so a loaded machine does not trip it; the whole stream takes longer.
            using var client = TestKit.Client(server, o => o.Timeout = TimeSpan.FromMilliseconds(1500));
            server.Enqueue(new Scenario(ScenarioKinds.Trickle) { Path = "/v1/chat/completions", Chunks = 10, DelayMs = 250 });

            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("trickle"));
            var watch = Stopwatch.StartNew();
            var text = new StringBuilder();
            while (await stream.MoveNextAsync())
            {
                text.Append(stream.Current.Content);
            }

            Assert.Contains("trickle", text.ToString());
            Assert.True(watch.Elapsed > TimeSpan.FromMilliseconds(1500), "the whole stream outlived the idle timeout");
        }

        [Fact]
        public async Task Cancelling_while_waiting_for_headers_is_immediate()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Hang));

            var ms = await MillisecondsToStopAfterCancel(300, ct => client.CreateChatCompletionAsync(TestKit.Chat(), null, ct));
            Assert.True(ms < 1000, $"{ms} ms after the cancel (generous: the call would otherwise wait for its 5 s timeout or forever)");
            Assert.Equal(1, server.RequestCount);
        }

        [Fact]
        public async Task Cancelling_during_backoff_is_immediate()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = 429, Code = "rate_limit_exceeded", RetryAfter = 30 });

            // Cancel shortly after the client announces its 30 s wait, so the cancellation lands inside the backoff.
            using var cts = new CancellationTokenSource();
            var watch = new Stopwatch();
            var sink = new CallbackSink(e =>
            {
                if (e.Kind == AurikoEventKind.Retry)
                {
                    watch.Start();
                    cts.CancelAfter(100);
                }
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CreateChatCompletionAsync(TestKit.Chat(), new AurikoCallOptions { Events = sink }, cts.Token));
            Assert.True(watch.ElapsedMilliseconds < 100 + 1000, $"{watch.ElapsedMilliseconds} ms (generous: the backoff is 30 s)");
            Assert.Equal(1, server.RequestCount);
        }

        private sealed class CallbackSink : IAurikoEventSink
        {
            private readonly Action<AurikoEvent> _callback;

            public CallbackSink(Action<AurikoEvent> callback) => _callback = callback;

            public void OnEvent(AurikoEvent e) => _callback(e);
        }

        [Fact]
        public async Task Cancelling_a_blocked_stream_read_is_immediate()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.SilentAfter) { Path = "/v1/chat/completions", After = 1 });
            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());
            Assert.True(await stream.MoveNextAsync());

            var ms = await MillisecondsToStopAfterCancel(300, async ct =>
            {
                while (await stream.MoveNextAsync(ct))
                {
                }
            });
            Assert.True(ms < 1000, $"{ms} ms after the cancel (generous: the call would otherwise wait for its 5 s timeout or forever)");
        }

        [Fact]
        public async Task Cancelling_a_blocked_synchronous_read_is_immediate()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.HeadersThenSilence));
            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());

            var ms = await MillisecondsToStopAfterCancel(300, ct => Task.Run(() => stream.MoveNext(ct)));
            Assert.True(ms < 1000, $"{ms} ms after the cancel (generous: the call would otherwise wait for its 5 s timeout or forever)");
        }

        [Fact]
        public async Task Already_cancelled_token_sends_nothing()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetIdentityAsync(null, new CancellationToken(true)));
            Assert.Equal(0, server.RequestCount);
        }
    }
}
