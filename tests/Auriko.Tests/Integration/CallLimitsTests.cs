using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Auriko.TestServer;
using Xunit;

namespace Auriko.Tests.Integration
{
    /// <summary>A call's own limits (AurikoCallOptions.Timeout and MaxRetries) win over the client's, for that call only.</summary>
    [Collection(TimingCollection.Name)]
    public sealed class CallLimitsTests
    {
        [Fact]
        public async Task A_call_retries_as_often_as_it_says_and_the_next_call_as_the_client_says()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.MaxRetries = 0);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = 503, Code = "service_unavailable", RetryAfter = 0, Times = 2 });

            var completion = await client.CreateChatCompletionAsync(TestKit.Chat(), new AurikoCallOptions { MaxRetries = 2 });

            Assert.Equal("stop", completion.FinishReason);
            Assert.Equal(3, server.RequestCount);

            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = 503, Code = "service_unavailable", RetryAfter = 0, Times = 1 });
            await Assert.ThrowsAsync<ServiceUnavailableException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.Equal(4, server.RequestCount);
        }

        [Fact]
        public async Task A_call_times_out_after_its_own_timeout_and_names_it()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o =>
            {
                o.Timeout = TimeSpan.FromSeconds(60);
                o.MaxRetries = 0;
            });
            server.Enqueue(new Scenario(ScenarioKinds.Hang) { Times = -1 });
            var watch = Stopwatch.StartNew();

            var ex = await Assert.ThrowsAsync<AurikoConnectionException>(
                () => client.CreateChatCompletionAsync(TestKit.Chat(), new AurikoCallOptions { Timeout = TimeSpan.FromMilliseconds(300) }));

            Assert.True(ex.IsTimeout);
            Assert.Contains("within 0.3 s", ex.Message);
            Assert.InRange(watch.Elapsed.TotalSeconds, 0.2, 10);
        }

        [Fact]
        public async Task A_stream_is_idle_for_at_most_the_call_timeout()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o =>
            {
                o.Timeout = TimeSpan.FromSeconds(60);
                o.MaxRetries = 0;
            });
            // A first call warms the in-process server up, so the stream's start is not what times out.
            await client.CreateChatCompletionAsync(TestKit.Chat());
            server.Enqueue(new Scenario(ScenarioKinds.SilentAfter) { Path = "/v1/chat/completions", After = 1 });

            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat(), new AurikoCallOptions { Timeout = TimeSpan.FromSeconds(1) });
            var watch = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<AurikoConnectionException>(async () =>
            {
                while (await stream.MoveNextAsync())
                {
                }
            });

            Assert.True(ex.IsTimeout);
            Assert.InRange(watch.Elapsed.TotalSeconds, 0.5, 10);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(0)]
        [InlineData(86401)]
        public void A_call_timeout_outside_the_client_bounds_is_refused(double seconds)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new AurikoCallOptions { Timeout = TimeSpan.FromSeconds(seconds) });
            Assert.Contains("at most 24 hours", ex.Message);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(AurikoClientOptions.MaxMaxRetries + 1)]
        public void A_call_retry_count_outside_the_client_bounds_is_refused(int retries)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new AurikoCallOptions { MaxRetries = retries });
            Assert.Contains($"between 0 and {AurikoClientOptions.MaxMaxRetries}", ex.Message);
        }

        [Fact]
        public void The_client_and_a_call_share_one_rule()
        {
            var options = new AurikoClientOptions { ApiKey = new AurikoApiKey(TestKit.Key), MaxRetries = AurikoClientOptions.MaxMaxRetries + 1 };
            var clientError = Assert.Throws<AurikoException>(() => new AurikoClient(options));
            var callError = Assert.Throws<ArgumentOutOfRangeException>(() => new AurikoCallOptions { MaxRetries = AurikoClientOptions.MaxMaxRetries + 1 });
            Assert.StartsWith(clientError.Message, callError.Message);
        }
    }
}
