using System.Diagnostics;
using System.Threading.Tasks;
using Auriko.TestServer;
using Xunit;
using Xunit.Abstractions;

namespace Auriko.Tests.Integration
{
    [Collection(TimingCollection.Name)]
    public sealed class ThroughputTests
    {
        private readonly ITestOutputHelper _output;

        public ThroughputTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task Twenty_thousand_chunks_stream_quickly()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            var watch = Stopwatch.StartNew();

            using var stream = await client.StreamChatCompletionAsync(TestKit.Chat("x", new() { ["chunks"] = 20_000, ["content_bytes"] = 400_000 }));
            var chunks = 0;
            while (await stream.MoveNextAsync())
            {
                chunks++;
            }

            var final = stream.GetFinalCompletion();
            _output.WriteLine($"{chunks} chunks in {watch.ElapsedMilliseconds} ms");
            Assert.Equal(400_000, final.Content!.Length);
            Assert.True(watch.ElapsedMilliseconds < 10_000, $"{watch.ElapsedMilliseconds} ms");
        }
    }
}
