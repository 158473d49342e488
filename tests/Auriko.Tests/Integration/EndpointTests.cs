using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Auriko.TestServer;
using Xunit;

namespace Auriko.Tests.Integration
{
    public sealed class EndpointTests
    {
        [Fact]
        public async Task Chat_completion_round_trip()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);

            var completion = await client.CreateChatCompletionAsync(TestKit.Chat("What is the capital of France?"));

            Assert.Contains("What is the capital of France?", completion.Content);
            Assert.Equal("stop", completion.FinishReason);
            Assert.True(completion.Usage!.TotalTokens > 0);
            Assert.NotNull(completion.Provider);
            Assert.NotNull(completion.CostUsd);
            Assert.NotNull(completion.RequestId);
            Assert.NotNull(completion.Created);
            Assert.Equal(2, completion.History.Count);
            Assert.Equal("assistant", completion.History[1].Role);
            Assert.Equal(completion.Content, completion.History[1].Content);
            Assert.Equal(completion.Id, JsonDocument.Parse(completion.GetRawJson()).RootElement.GetProperty("id").GetString());

            var recorded = Assert.Single(server.Requests);
            Assert.Equal("POST", recorded.Method);
            Assert.Equal("/v1/chat/completions", recorded.Path);
            Assert.Equal("Bearer " + TestKit.Key, recorded.GetHeader("Authorization"));
            Assert.StartsWith("Auriko.Tests/1.0 Auriko.NET/", recorded.GetHeader("User-Agent"));
            Assert.StartsWith("application/json", recorded.GetHeader("Content-Type"));
            var body = JsonDocument.Parse(recorded.Body).RootElement;
            Assert.Equal("gpt-4o", body.GetProperty("model").GetString());
            Assert.Equal("user", body.GetProperty("messages")[0].GetProperty("role").GetString());
            Assert.Equal(completion.RequestId, recorded.RequestId);
        }

        [Fact]
        public async Task Both_request_shapes_reach_the_server()
        {
            await using var server = await EmulatorHost.StartAsync();
            var request = TestKit.Chat();
            request.Model = null;
            request.Models = new[] { "gpt-4o", "claude-sonnet-4-6" };
            request.Routing = new RoutingOptions { Optimize = Optimize.Cost, Mode = RoutingMode.Fallback };
            request.AurikoMetadata = new System.Collections.Generic.Dictionary<string, object?> { ["trace_id"] = "t-9" };

            using (var client = TestKit.Client(server))
            {
                await client.CreateChatCompletionAsync(request);
            }

            using (var gateway = TestKit.Client(server, o => o.RequestShape = RequestShape.Gateway))
            {
                var completion = await gateway.CreateChatCompletionAsync(request);
                Assert.Equal("cost", completion.RoutingMetadata!.RoutingStrategy);
            }

            var top = JsonDocument.Parse(server.Requests[0].Body).RootElement;
            Assert.Equal("cost", top.GetProperty("routing").GetProperty("optimize").GetString());
            Assert.Equal(2, top.GetProperty("models").GetArrayLength());
            Assert.Equal("t-9", top.GetProperty("auriko_metadata").GetProperty("trace_id").GetString());
            var gw = JsonDocument.Parse(server.Requests[1].Body).RootElement.GetProperty("gateway");
            Assert.Equal("cost", gw.GetProperty("routing").GetProperty("optimize").GetString());
            Assert.Equal(2, gw.GetProperty("models").GetArrayLength());
            Assert.Equal("t-9", gw.GetProperty("metadata").GetProperty("trace_id").GetString());
        }

        [Fact]
        public async Task Streamed_chat_yields_chunks_and_a_final_completion()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);

            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("stream me", new() { ["chunks"] = 6 }));
            Assert.NotNull(stream.ResponseHeaders.RequestId);
            var text = new StringBuilder();
            var count = 0;
            while (await stream.MoveNextAsync())
            {
                count++;
                text.Append(stream.Current.Content);
                Assert.Same(stream.ResponseHeaders, stream.Current.ResponseHeaders);
            }

            var final = stream.GetFinalCompletion();
            Assert.True(count >= 6, $"{count} chunks");
            Assert.Equal(text.ToString(), final.Content);
            Assert.Contains("stream me", final.Content);
            Assert.Equal("stop", final.FinishReason);
            Assert.NotNull(final.Usage);
            Assert.NotNull(stream.Usage);
            Assert.NotNull(final.RoutingMetadata);
            Assert.NotNull(final.Provider);
            Assert.Equal(2, final.History.Count);

            var body = JsonDocument.Parse(Assert.Single(server.Requests).Body).RootElement;
            Assert.True(body.GetProperty("stream").GetBoolean());
            Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
            Assert.Equal("text/event-stream", server.Requests[0].GetHeader("Accept"));
        }

        [Fact]
        public async Task Synchronous_stream_reading_works()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("sync", new() { ["chunks"] = 3 }));
            var text = new StringBuilder();
            while (stream.MoveNext())
            {
                text.Append(stream.Current);
            }

            Assert.Contains("sync", text.ToString());
        }

        [Fact]
        public async Task Identity()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);

            var me = await client.GetIdentityAsync();

            Assert.Equal("550e8400-e29b-41d4-a716-446655440000", me.UserId);
            Assert.Equal("7c9e6679-7425-40de-944b-e07fc1f90ae7", me.WorkspaceId);
            Assert.NotNull(me.Tier);
            Assert.True(me.RateLimitRpm > 0);
            Assert.NotNull(me.GetResponseHeaders().RequestId);
            Assert.Contains("api_key_identity", me.GetRawJson());
        }

        [Fact]
        public async Task Workspaces_and_budgets()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);

            var workspaces = await client.ListWorkspacesAsync();
            Assert.True(workspaces.Count >= 2);
            var ws = workspaces[0];
            Assert.False(string.IsNullOrEmpty(ws.Name));
            Assert.NotNull(ws.CreatedAt);

            var one = await client.GetWorkspaceAsync(ws.WorkspaceId);
            Assert.Equal(ws.Name, one.Name);

            var budgets = await client.ListBudgetsAsync(ws.WorkspaceId);
            Assert.NotEmpty(budgets);
            Assert.All(budgets, b =>
            {
                Assert.NotNull(b.LimitUsd);
                Assert.NotNull(b.RemainingUsd);
                Assert.NotNull(b.PercentUsed);
            });

            var budget = await client.GetBudgetAsync(ws.WorkspaceId, budgets[0].BudgetId);
            Assert.Equal(budgets[0].BudgetId, budget.BudgetId);
            Assert.Equal(budgets[0].Period, budget.Period);

            var missing = await Assert.ThrowsAsync<AurikoApiException>(() => client.GetWorkspaceAsync("nope"));
            Assert.Equal(404, missing.StatusCode);
            Assert.NotNull(missing.RequestId);
        }

        [Fact]
        public async Task Discovery_endpoints_work_without_a_key()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = new AurikoClient(new AurikoClientOptions { ApiKey = null, BaseUrl = server.BaseUrl, Timeout = TimeSpan.FromSeconds(5) });

            var registry = await client.ListRegistryModelsAsync();
            Assert.Contains(registry, m => m.Id == "gpt-4o" && m.DisplayName == "GPT-4o" && m.Family == "gpt-4o");

            var directory = await client.ListDirectoryModelsAsync();
            var deepseek = directory.Single(m => m.Id == "deepseek-chat");
            Assert.Equal(3, deepseek.Providers.Count);
            Assert.Equal(131_072, deepseek.MaxContextWindow);
            Assert.All(deepseek.Providers, p => Assert.NotNull(p.InputPricePer1M));

            var providers = await client.ListProvidersAsync();
            Assert.Contains(providers, p => p.Id == "openai");
            Assert.All(providers, p => Assert.False(string.IsNullOrEmpty(p.Name)));
            Assert.All(server.Requests, r => Assert.Null(r.GetHeader("Authorization")));
        }

        [Theory]
        [InlineData("bare")]
        [InlineData("data")]
        [InlineData("plural")]
        public async Task Every_list_envelope_is_understood(string envelope)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Envelope) { Value = envelope, Times = -1 });

            Assert.True((await client.ListWorkspacesAsync()).Count >= 2);
            Assert.NotEmpty(await client.ListProvidersAsync());
            Assert.NotEmpty(await client.ListRegistryModelsAsync());
        }
    }
}
