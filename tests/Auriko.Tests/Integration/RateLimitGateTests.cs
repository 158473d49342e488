using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Auriko.TestServer;
using Xunit;

namespace Auriko.Tests.Integration
{
    /// <summary>
    /// <see cref="RateLimitGate"/>: calls that share one (a batch) back off together when any of them is answered 429.
    /// </summary>
    public sealed class RateLimitGateTests
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_429_on_one_call_holds_back_the_calls_sharing_its_gate(bool shared)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = 429, Code = "rate_limit_exceeded", RetryAfter = 1, Match = "first prompt", Path = "/v1/chat/completions" });
            var gate = new RateLimitGate();
            var first = client.CreateChatCompletionAsync(TestKit.Chat("first prompt"), new AurikoCallOptions { RateLimitGate = gate });

            // Once the first call has its 429 and waits to retry, a second call starts.
            var deadline = Stopwatch.StartNew();
            while (!gate.IsPaused)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the first call never got its 429");
                await Task.Delay(5);
            }

            var second = client.CreateChatCompletionAsync(TestKit.Chat("second prompt"), new AurikoCallOptions { RateLimitGate = shared ? gate : null });
            await Task.WhenAll(first, second);

            var requests = server.Requests.ToList();
            var limited = requests.First(r => r.Body.Contains("first prompt")).ReceivedAt;
            var secondSent = requests.Single(r => r.Body.Contains("second prompt")).ReceivedAt;
            var firstRetry = requests.Where(r => r.Body.Contains("first prompt")).Last().ReceivedAt;
            Assert.True(firstRetry - limited >= TimeSpan.FromMilliseconds(950), $"the retry came after {(firstRetry - limited).TotalMilliseconds} ms");
            if (shared)
            {
                Assert.True(secondSent - limited >= TimeSpan.FromMilliseconds(900), $"the second call was sent {(secondSent - limited).TotalMilliseconds} ms after the 429");
                Assert.Equal(1, gate.PauseCount);
            }
            else
            {
                Assert.True(secondSent - limited < TimeSpan.FromMilliseconds(900), "without the gate the second call goes at once");
            }
        }

        [Fact]
        public async Task A_pause_only_ever_extends_and_is_capped_at_a_minute()
        {
            var gate = new RateLimitGate();
            Assert.False(gate.IsPaused);
            Assert.True(gate.WaitAsync().IsCompleted);

            gate.PauseFor(TimeSpan.FromSeconds(2));
            gate.PauseFor(TimeSpan.FromMilliseconds(100));
            Assert.True(gate.Remaining > TimeSpan.FromSeconds(1.5));
            Assert.Equal(1, gate.PauseCount);

            gate.PauseFor(TimeSpan.FromHours(1));
            Assert.True(gate.Remaining <= RateLimitGate.MaxPause);
            Assert.True(gate.Remaining > TimeSpan.FromSeconds(55));

            using var cancel = new CancellationTokenSource(50);
            var wait = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.WaitAsync(cancel.Token));
            Assert.True(wait.Elapsed < TimeSpan.FromSeconds(5));
        }

        [Fact]
        public async Task WaitAsync_completes_when_the_pause_ends()
        {
            var gate = new RateLimitGate();
            gate.PauseFor(TimeSpan.FromMilliseconds(300));
            var wait = Stopwatch.StartNew();
            await gate.WaitAsync();
            Assert.True(wait.Elapsed >= TimeSpan.FromMilliseconds(280), $"waited {wait.Elapsed.TotalMilliseconds} ms");
            Assert.False(gate.IsPaused);
        }
    }
}
