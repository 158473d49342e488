using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Auriko.TestServer;
using Xunit;

namespace Auriko.Tests.Integration
{
    public sealed class ErrorAndRetryTests
    {
        [Theory]
        [InlineData(400, "invalid_request", typeof(InvalidRequestException))]
        [InlineData(400, "context_length_exceeded", typeof(InvalidRequestException))]
        [InlineData(401, "invalid_api_key", typeof(AuthenticationException))]
        [InlineData(401, "provider_auth_error", typeof(ProviderAuthException))]
        [InlineData(402, "insufficient_quota", typeof(InsufficientCreditsException))]
        [InlineData(402, "budget_exceeded", typeof(BudgetExceededException))]
        [InlineData(429, "budget_exhausted", typeof(BudgetExceededException))]
        [InlineData(429, "insufficient_quota", typeof(InsufficientCreditsException))]
        [InlineData(403, "forbidden", typeof(PermissionDeniedException))]
        [InlineData(403, "insufficient_permissions", typeof(PermissionDeniedException))]
        [InlineData(404, "model_not_found", typeof(ModelNotFoundException))]
        [InlineData(404, "resource_not_found", typeof(AurikoApiException))]
        [InlineData(409, "idempotency_conflict", typeof(AurikoApiException))]
        [InlineData(429, "rate_limit_exceeded", typeof(RateLimitException))]
        [InlineData(500, "internal_error", typeof(InternalServerException))]
        [InlineData(502, "provider_error", typeof(ProviderException))]
        [InlineData(502, "upstream_error", typeof(ProviderException))]
        [InlineData(503, "no_providers_available", typeof(ProviderException))]
        [InlineData(503, "service_unavailable", typeof(ServiceUnavailableException))]
        [InlineData(504, "upstream_timeout", typeof(ProviderException))]
        public async Task Every_error_class_over_http(int status, string code, Type expected)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.MaxRetries = 0);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = status, Code = code, Message = "Scripted failure", Param = "model" });

            var ex = await Assert.ThrowsAnyAsync<AurikoApiException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));

            Assert.Equal(expected, ex.GetType());
            Assert.Equal(status, ex.StatusCode);
            Assert.Equal(code, ex.Code);
            Assert.NotNull(ex.RequestId);
            Assert.Equal("model", ex.Param);
            Assert.Equal($"Scripted failure (status {status}, code {code}, request {ex.RequestId})", ex.Message);
            Assert.DoesNotContain(TestKit.Key, ex.ToString());
        }

        [Fact]
        public async Task Html_502_from_a_proxy_maps_by_status()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.MaxRetries = 0);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = 502, Html = true });

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.Equal(502, ex.StatusCode);
            Assert.Contains("HTML", ex.Message);
        }

        [Fact]
        public async Task Bad_key_is_an_authentication_error_without_the_key_in_it()
        {
            await using var server = await EmulatorHost.StartAsync();
            const string badKey = "bad_key_SECRET_7f3a9c0e5d1b2468";
            using var client = TestKit.Client(server, o => o.ApiKey = badKey);

            var ex = await Assert.ThrowsAsync<AuthenticationException>(() => client.GetIdentityAsync());
            Assert.Equal(401, ex.StatusCode);
            Assert.DoesNotContain(badKey, ex.ToString());
            Assert.DoesNotContain(badKey, ex.RawBody ?? string.Empty);
        }

        [Fact]
        public async Task Rate_limit_with_retry_after_then_success()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(Scenario.RateLimitThenOk(retryAfterSeconds: 0, path: "/v1/chat/completions"));
            var sink = new RecordingSink();

            var completion = await client.CreateChatCompletionAsync(TestKit.Chat(), sink.Call);

            Assert.NotNull(completion.Content);
            Assert.Equal(2, server.RequestCount);
            var retry = Assert.Single(sink.Of(AurikoEventKind.Retry));
            Assert.Equal(2, retry.Attempt);
            Assert.Equal(TimeSpan.Zero, retry.Delay);
            Assert.Equal(429, retry.StatusCode);
            Assert.Contains("429", retry.Message);
            Assert.Equal(2, sink.Of(AurikoEventKind.Request).Count);
        }

        [Fact]
        public async Task Persistent_5xx_exhausts_the_retries()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = 500, Code = "internal_error", RetryAfter = 0, Times = -1 });
            var sink = new RecordingSink();

            await Assert.ThrowsAsync<InternalServerException>(() => client.CreateChatCompletionAsync(TestKit.Chat(), sink.Call));

            Assert.Equal(3, server.RequestCount);
            Assert.Equal(2, sink.Of(AurikoEventKind.Retry).Count);
        }

        [Fact]
        public async Task Max_retries_zero_sends_once()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.MaxRetries = 0);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = 503, Code = "service_unavailable", RetryAfter = 0, Times = -1 });

            await Assert.ThrowsAsync<ServiceUnavailableException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.Equal(1, server.RequestCount);
        }

        [Theory]
        [InlineData(429, "budget_exhausted")]
        [InlineData(429, "insufficient_quota")]
        [InlineData(402, "budget_exceeded")]
        [InlineData(402, "insufficient_quota")]
        public async Task Budget_and_credit_errors_are_never_retried(int status, string code)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = status, Code = code, RetryAfter = 0, Times = -1 });

            var ex = await Assert.ThrowsAnyAsync<AurikoApiException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.True(ex is BudgetExceededException || ex is InsufficientCreditsException, ex.GetType().Name);
            Assert.Equal(1, server.RequestCount);
        }

        [Fact]
        public async Task Error_retryable_false_is_not_retried()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = 503, Code = "no_provider_available", Retryable = false, RetryAfter = 0, Times = -1 });

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.False(ex.ResponseHeaders.ErrorRetryable);
            Assert.Equal(1, server.RequestCount);
        }

        [Theory]
        [InlineData(400, "invalid_request")]
        [InlineData(401, "invalid_api_key")]
        [InlineData(404, "model_not_found")]
        public async Task Other_4xx_are_not_retried(int status, string code)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = status, Code = code, Times = -1 });

            await Assert.ThrowsAnyAsync<AurikoApiException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.Equal(1, server.RequestCount);
        }

        [Theory]
        [InlineData(408)]
        [InlineData(409)]
        [InlineData(502)]
        public async Task Transient_statuses_are_retried(int status)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = status, RetryAfter = 0 });

            await client.CreateChatCompletionAsync(TestKit.Chat());
            Assert.Equal(2, server.RequestCount);
        }

        [Fact]
        public async Task Connection_reset_before_headers_is_retried()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(TestKit.ChatScenario(ScenarioKinds.Reset));
            var sink = new RecordingSink();

            await client.CreateChatCompletionAsync(TestKit.Chat(), sink.Call);

            Assert.Equal(2, server.RequestCount);
            Assert.Contains("connection failure", Assert.Single(sink.Of(AurikoEventKind.Retry)).Message);
        }

        [Fact]
        public async Task Persistent_connection_reset_is_a_connection_error()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.MaxRetries = 1);
            server.Enqueue(new Scenario(ScenarioKinds.Reset) { Times = -1 });

            var ex = await Assert.ThrowsAsync<AurikoConnectionException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.False(ex.IsTimeout);
        }

        [Fact]
        public async Task Connection_refused_is_a_connection_error()
        {
            var port = 0;
            await using (var server = await EmulatorHost.StartAsync())
            {
                port = server.Port;
            }

            using var client = new AurikoClient(new AurikoClientOptions { ApiKey = TestKit.Key, BaseUrl = new Uri($"http://127.0.0.1:{port}/v1"), MaxRetries = 0, Timeout = TimeSpan.FromSeconds(5) });
            var ex = await Assert.ThrowsAsync<AurikoConnectionException>(() => client.GetIdentityAsync());
            Assert.DoesNotContain(TestKit.Key, ex.ToString());
        }

        [Fact]
        public async Task Stream_errors_before_the_first_byte_are_retried()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(Scenario.RateLimitThenOk(retryAfterSeconds: 0, path: "/v1/chat/completions"));

            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());
            while (await stream.MoveNextAsync())
            {
            }

            Assert.Equal(2, server.RequestCount);
        }

        [Fact]
        public async Task Stream_errors_after_the_first_byte_are_not_retried()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.MidStreamError) { Path = "/v1/chat/completions", After = 2, Code = "upstream_error", Status = 502 });

            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("x", new() { ["chunks"] = 5 }));
            var ex = await Assert.ThrowsAsync<ProviderException>(async () =>
            {
                while (await stream.MoveNextAsync())
                {
                }
            });

            Assert.Equal(stream.ResponseHeaders.RequestId, ex.RequestId);
            Assert.NotNull(ex.RequestId);
            Assert.Equal(1, server.RequestCount);
        }
    }

    /// <summary>Retry tests that measure elapsed time: in the timing collection, never beside another test.</summary>
    [Collection(TimingCollection.Name)]
    public sealed class RetryTimingTests
    {
        [Fact]
        public async Task Retry_after_seconds_are_honoured()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = 429, Code = "rate_limit_exceeded", RetryAfter = 1 });
            var watch = Stopwatch.StartNew();

            await client.CreateChatCompletionAsync(TestKit.Chat());

            Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 5);
            Assert.Equal(2, server.RequestCount);
        }
    }
}
