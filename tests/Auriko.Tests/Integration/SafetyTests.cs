using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Auriko.TestServer;
using Xunit;

namespace Auriko.Tests.Integration
{
    public sealed class SafetyTests
    {
        public static IEnumerable<object[]> InvalidRequests()
        {
            ChatCompletionRequest Make(Action<ChatCompletionRequest> change)
            {
                var r = TestKit.Chat();
                change(r);
                return r;
            }

            yield return new object[] { "model+models", Make(r => r.Models = new[] { "a" }) };
            yield return new object[] { "no model", Make(r => r.Model = null) };
            yield return new object[] { "empty messages", Make(r => r.Messages.Clear()) };
            yield return new object[] { "11 models", Make(r => { r.Model = null; r.Models = Enumerable.Range(0, 11).Select(i => "m" + i).ToList(); }) };
            yield return new object[] { "bad routing", Make(r => r.Routing = new RoutingOptions { MinSuccessRate = 3 }) };
            yield return new object[] { "bad temperature", Make(r => r.Temperature = 9) };
            yield return new object[] { "unsupported value", Make(r => r.ExtraBody = new Dictionary<string, object?> { ["x"] = new Version(1, 0) }) };
            yield return new object[] { "colliding extra body", Make(r => r.ExtraBody = new Dictionary<string, object?> { ["model"] = "other" }) };
            yield return new object[] { "models + extra body model", Make(r => { r.Model = null; r.Models = new[] { "a", "b" }; r.ExtraBody = new Dictionary<string, object?> { ["model"] = "other" }; }) };
            yield return new object[] { "model + extra body models", Make(r => r.ExtraBody = new Dictionary<string, object?> { ["models"] = new[] { "a", "b" } }) };
            yield return new object[] { "extra body routing", Make(r => r.ExtraBody = new Dictionary<string, object?> { ["routing"] = new Dictionary<string, object?> { ["optimize"] = "fastest" } }) };
        }

        [Theory]
        [MemberData(nameof(InvalidRequests))]
        public async Task Invalid_input_fails_before_any_request(string name, ChatCompletionRequest request)
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);

            await Assert.ThrowsAsync<InvalidRequestException>(() => client.CreateChatCompletionAsync(request));
            await Assert.ThrowsAsync<InvalidRequestException>(() => client.StreamChatCompletionAsync(request));
            Assert.True(server.RequestCount == 0, name);
            Assert.Empty(server.Requests);
        }

        [Fact]
        public async Task Routing_dictionary_errors_fail_before_any_request()
        {
            // The dictionary is read when the request is built, so a bad key or value never reaches a client call.
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            foreach (var bad in new[] { new Hashtable { ["optimize"] = "fastest" }, new Hashtable { ["optimise"] = "cost" }, new Hashtable { ["min_success_rate"] = 3 } })
            {
                var ex = await Assert.ThrowsAsync<InvalidRequestException>(async () =>
                {
                    var request = TestKit.Chat();
                    request.Routing = RoutingOptions.FromDictionary(bad);
                    await client.CreateChatCompletionAsync(request);
                });
                Assert.StartsWith("routing.", ex.Param);
            }

            Assert.Equal(0, server.RequestCount);
        }

        [Fact]
        public async Task Key_is_not_sent_over_plain_http_to_a_remote_host()
        {
            await using var server = await EmulatorHost.StartAsync();
            var remote = new Uri("http://api.example.invalid/v1");

            // The emulator doubles as an HTTP proxy (it accepts absolute-form targets), so nothing leaves this machine.
            AurikoClientOptions Options(bool allow) => new AurikoClientOptions
            {
                ApiKey = TestKit.Key,
                BaseUrl = remote,
                MaxRetries = 0,
                Timeout = TimeSpan.FromSeconds(5),
                Proxy = new System.Net.WebProxy(server.RootUrl),
                AllowInsecureHttp = allow,
            };

            using var client = new AurikoClient(Options(allow: false));
            var ex = await Assert.ThrowsAsync<AurikoException>(() => client.GetIdentityAsync());
            Assert.Contains("http://", ex.Message);
            Assert.Contains("AllowInsecureHttp", ex.Message);
            Assert.DoesNotContain(TestKit.Key, ex.ToString());
            Assert.Equal(0, server.RequestCount);

            using var optedIn = new AurikoClient(Options(allow: true));
            Assert.NotNull((await optedIn.GetIdentityAsync()).UserId);
            var recorded = Assert.Single(server.Requests);
            Assert.Equal("/v1/me", recorded.Path);
            Assert.Equal("api.example.invalid", recorded.GetHeader("Host"));
        }

        [Fact]
        public async Task Plain_http_to_loopback_is_allowed()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            Assert.Equal("http", server.BaseUrl.Scheme);
            Assert.NotNull((await client.GetIdentityAsync()).UserId);
        }

        [Fact]
        public async Task Missing_key_fails_before_any_request()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = new AurikoClient(new AurikoClientOptions { ApiKey = null, BaseUrl = server.BaseUrl });

            var ex = await Assert.ThrowsAsync<AuthenticationException>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
            Assert.Contains("AURIKO_API_KEY", ex.Message);
            Assert.Equal(0, server.RequestCount);
        }

        [Fact]
        public async Task Connections_are_reused()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            for (var i = 0; i < 10; i++)
            {
                await client.GetIdentityAsync();
                using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());
                while (await stream.MoveNextAsync())
                {
                }
            }

            Assert.Equal(20, server.RequestCount);
            Assert.Equal(1, server.ConnectionsOpened);
        }

        [Fact]
        public async Task Clients_with_the_same_settings_share_connections_and_parallel_calls_work()
        {
            await using var server = await EmulatorHost.StartAsync();
            var tasks = Enumerable.Range(0, 40).Select(async i =>
            {
                using var client = TestKit.Client(server);
                var completion = await client.CreateChatCompletionAsync(TestKit.Chat("n" + i));
                Assert.Contains("n" + i, completion.Content);
            });
            await Task.WhenAll(tasks);

            var before = server.ConnectionsOpened;
            Assert.InRange(before, 1, 40);
            for (var i = 0; i < 10; i++)
            {
                using var client = TestKit.Client(server);
                await client.GetIdentityAsync();
            }

            Assert.Equal(before, server.ConnectionsOpened);
        }

        [Fact]
        public async Task Events_describe_requests_and_responses()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server);
            var sink = new RecordingSink();

            var completion = await client.CreateChatCompletionAsync(TestKit.Chat(), sink.Call);

            var request = Assert.Single(sink.Of(AurikoEventKind.Request));
            Assert.Equal("POST", request.Method);
            Assert.Equal(new Uri(server.BaseUrl, "chat/completions"), request.Url);
            Assert.Equal(1, request.Attempt);
            var response = Assert.Single(sink.Of(AurikoEventKind.Response));
            Assert.Equal(200, response.StatusCode);
            Assert.Equal(completion.RequestId, response.RequestId);
            Assert.Equal(completion.ResponseHeaders.ProviderUsed, response.Provider);
            Assert.True(response.ElapsedMs >= 0);
            Assert.Contains("\"model\"", Assert.Single(sink.Of(AurikoEventKind.RequestBody)).Message);
            Assert.Contains(completion.Id!, Assert.Single(sink.Of(AurikoEventKind.ResponseBody)).Message);
        }
    }

    /// <summary>
    /// Redaction across every failure path, one of which is an attempt timeout (a short 500 ms one):
    /// in the timing collection, so a loaded machine cannot time out the other calls as well.
    /// </summary>
    [Collection(TimingCollection.Name)]
    public sealed class RedactionAcrossFailuresTests
    {
        [Fact]
        public async Task The_key_never_appears_in_errors_or_events()
        {
            await using var server = await EmulatorHost.StartAsync();
            using var client = TestKit.Client(server, o => o.Timeout = TimeSpan.FromMilliseconds(500));
            var sink = new RecordingSink();
            var texts = new List<string>();

            async Task Capture(Func<Task> call)
            {
                try
                {
                    await call();
                }
                catch (Exception ex)
                {
                    texts.Add(ex.ToString());
                    texts.Add(ex.Message);
                    if (ex is AurikoApiException api)
                    {
                        texts.Add(api.RawBody ?? string.Empty);
                        texts.AddRange(api.ResponseHeaders.All.Values);
                    }
                }
            }

            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = 500, RetryAfter = 0, Times = 3 });
            await Capture(() => client.CreateChatCompletionAsync(TestKit.Chat(), sink.Call));
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = 401, Code = "invalid_api_key", Message = "Key " + TestKit.Key + " is revoked" });
            await Capture(() => client.GetIdentityAsync(sink.Call));
            server.Enqueue(new Scenario(ScenarioKinds.Hang) { Times = 3 });
            await Capture(() => client.GetIdentityAsync(sink.Call));
            server.Enqueue(new Scenario(ScenarioKinds.MidStreamError) { Path = "/v1/chat/completions", Message = "echo " + TestKit.Key });
            await Capture(async () =>
            {
                using var stream = await client.StreamChatCompletionAsync(TestKit.Chat(), sink.Call);
                while (await stream.MoveNextAsync())
                {
                }
            });
            await Capture(() => client.CreateChatCompletionAsync(TestKit.Chat("my key is " + TestKit.Key), sink.Call));
            texts.AddRange(sink.Events.Select(e => e.Message));
            texts.Add(client.Options.ApiKey!.ToString());
            texts.Add(client.Options.ApiKey.Masked);

            Assert.Contains(sink.Events, e => e.Kind == AurikoEventKind.RequestBody);
            Assert.Contains(sink.Events, e => e.Kind == AurikoEventKind.ResponseBody);
            Assert.True(texts.Count > 20);
            Assert.All(texts, t => Assert.DoesNotContain(TestKit.Key, t));
        }
    }
}
