using System.Threading.Tasks;
using Auriko.Tests.Integration;
using Auriko.TestServer;
using Xunit;
using Xunit.Abstractions;

namespace Auriko.Tests.Reliability
{
    /// <summary>Pins down connection reuse per kind of exchange, sequentially, so one new connection is one defect.</summary>
    public sealed class ConnectionReuseTests
    {
        private const int Calls = 300;

        private readonly ITestOutputHelper _output;

        public ConnectionReuseTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task Completions_and_error_responses_reuse_one_connection()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.MaxRetries = 0);
            await client.CreateChatCompletionAsync(TestKit.Chat());
            server.Reset();

            for (var i = 0; i < Calls; i++)
            {
                if (i % 2 == 0)
                {
                    await client.CreateChatCompletionAsync(TestKit.Chat());
                }
                else
                {
                    server.Enqueue(TestKit.ChatScenario(ScenarioKinds.Error).With(s => s.Status = i % 4 == 1 ? 500 : 429));
                    await Assert.ThrowsAnyAsync<AurikoException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
                }
            }

            _output.WriteLine($"{Calls} calls: {server.TcpConnectionsOpened} new TCP connections");
            Assert.Equal(0, server.TcpConnectionsOpened);
        }

        /// <summary>
        /// Fails while the client throws away a connection after a stream that completed normally: on <c>[DONE]</c> the
        /// reader disposes the response before the chunked terminator was read, and with MaxResponseDrainSize = 0 the
        /// handler then closes the connection instead of returning it to the pool (a race: a few percent of streams).
        /// </summary>
        [Fact]
        public async Task Completed_streams_return_their_connection_to_the_pool()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            await client.CreateChatCompletionAsync(TestKit.Chat());
            server.Reset();

            for (var i = 0; i < Calls; i++)
            {
                using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("x", new() { ["chunks"] = 4 }));
                while (await stream.MoveNextAsync())
                {
                }
            }

            _output.WriteLine($"{Calls} completed streams: {server.TcpConnectionsOpened} new TCP connections");
            Assert.Equal(0, server.TcpConnectionsOpened);
        }
    }

    internal static class ScenarioExtensions
    {
        public static Scenario With(this Scenario scenario, System.Action<Scenario> change)
        {
            change(scenario);
            return scenario;
        }
    }
}
