using System.Threading.Tasks;
using Auriko.Tests.Integration;
using Auriko.TestServer;
using Xunit;

namespace Auriko.Tests.Reliability
{
    /// <summary>
    /// Minimal reproductions of what the JSON fuzz found, through the public client over HTTP. An error body whose strings
    /// cannot be decoded (a lone surrogate escape, or invalid UTF-8 inside a JSON string) must still give a typed error.
    /// </summary>
    public sealed class HostileErrorBodyTests
    {
        [Theory]
        [InlineData(500, "{\"error\":{\"message\":\"bad \\ud800 text\",\"code\":\"internal_error\"}}")]
        [InlineData(429, "{\"error\":{\"message\":\"slow down\",\"code\":\"rate_limit_exceeded\",\"type\":\"\\udc00\"}}")]
        [InlineData(502, "{\"error\":\"\\ud800\",\"code\":\"provider_error\"}")]
        [InlineData(400, "{\"detail\":\"\\ud83d\"}")]
        public async Task Error_body_with_an_undecodable_string_fails_with_a_typed_error(int status, string body)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.MaxRetries = 0);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Path = "/v1/chat/completions", Status = status, ContentType = "application/json", Body = body });

            var ex = await Record.ExceptionAsync(() => client.CreateChatCompletionAsync(TestKit.Chat()));

            Assert.NotNull(ex);
            Assert.True(ex is AurikoException, $"expected an AurikoException, got {ex!.GetType().FullName}: {ex.Message}");
            Assert.Equal(1, server.RequestCount);
        }
    }
}
