using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Auriko.Errors;
using Auriko.Json;
using Auriko.Streaming;
using Auriko.Tests.Integration;
using Auriko.Tests.Unit;
using Auriko.TestServer;
using Xunit;
using Xunit.Abstractions;

namespace Auriko.Tests.Reliability
{
    /// <summary>
    /// Hostile input to the parsers (issue 6): seeded, reproducible, time-bounded fuzzing of the SSE reader and of the JSON
    /// model readers. Nothing but our typed exceptions may escape, nothing may hang. Seeds are real emulator output.
    /// (Moved here from Unit/ParserFuzzTests.cs and extended.) The three facts share one class so they run one after
    /// another on one core, beside the rest of the suite.
    /// </summary>
    public sealed class ParserFuzzTests
    {
        private const string Secret = "ak_fuzz_SECRET_0123456789abcdef";
        private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(2);
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

        private readonly ITestOutputHelper _output;

        public ParserFuzzTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task Sse_reader_fails_only_with_typed_errors_on_mutated_and_random_streams_split_anywhere()
        {
            var seeds = await Samples.LoadAsync();
            var run = new FuzzRun("fuzz-sse", seed: 20260520, budget: TimeSpan.FromSeconds(3), maxInputs: 200_000, PerInput);
            run.Run((random, index) =>
            {
                byte[] input;
                string how;
                var pick = random.Next(10);
                if (pick < 7)
                {
                    var seed = seeds.Streams[random.Next(seeds.Streams.Count)];
                    input = Mutator.Mutate(random, seed, sse: true);
                    how = "mutation";
                }
                else if (pick < 9)
                {
                    input = Mutator.RandomBytes(random, sse: true);
                    how = "random";
                }
                else
                {
                    input = seeds.Streams[random.Next(seeds.Streams.Count)];
                    how = "valid, split";
                }

                var pieces = Mutator.Split(random, input);
                var asyncReads = random.Next(2) == 0;
                return new FuzzCase("sse", how, input, () => ReadStream(pieces, asyncReads));
            });

            Finish(run);
        }

        [Fact]
        public async Task Json_model_readers_fail_only_with_typed_errors_on_mutated_and_random_bodies()
        {
            var seeds = await Samples.LoadAsync();
            var targets = seeds.Bodies.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
            var run = new FuzzRun("fuzz-json", seed: 7, budget: TimeSpan.FromSeconds(3), maxInputs: 300_000, PerInput);
            run.Run((random, index) =>
            {
                var target = targets[random.Next(targets.Length)];
                var samples = seeds.Bodies[target];
                byte[] input;
                string how;
                var pick = random.Next(10);
                if (pick < 6)
                {
                    input = Mutator.Mutate(random, samples[random.Next(samples.Count)], sse: false);
                    how = "mutation";
                }
                else if (pick < 9)
                {
                    input = Encoding.UTF8.GetBytes(Mutator.RandomJson(random, 5));
                    how = "random json";
                }
                else
                {
                    input = Mutator.RandomBytes(random, sse: false);
                    how = "random bytes";
                }

                var status = new[] { 400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 418 }[random.Next(15)];
                return new FuzzCase(target, how, input, () => ReadBody(target, input, status));
            });

            Finish(run);
        }

        [Fact]
        public async Task Public_client_fails_only_with_typed_errors_on_hostile_bodies_over_http()
        {
            var seeds = await Samples.LoadAsync();
            await using var server = await EmulatorHost.StartAsync();
            using var client = new AurikoClient(new AurikoClientOptions
            {
                ApiKey = Secret,
                BaseUrl = server.BaseUrl,
                MaxRetries = 0,
                Timeout = TimeSpan.FromSeconds(5),
            });
            var statuses = new[] { 400, 401, 402, 403, 404, 409, 422, 429, 500, 502, 503, 504 };
            var run = new FuzzRun("fuzz-http", seed: 424242, budget: TimeSpan.FromSeconds(3), maxInputs: 600, TimeSpan.FromSeconds(8));
            await run.RunAsync((random, index) =>
            {
                server.Reset();
                var kind = random.Next(5);
                byte[] Pick(IReadOnlyList<byte[]> list) => random.Next(8) == 0 ? Encoding.UTF8.GetBytes(Mutator.RandomJson(random, 5)) : Mutator.Mutate(random, list[random.Next(list.Count)], sse: false);
                switch (kind)
                {
                    case 0:
                        {
                            var input = Pick(seeds.Bodies["completion"]);
                            server.Enqueue(new Scenario(ScenarioKinds.ContentType) { Path = "/v1/chat/completions", Value = "application/json", Body = Encoding.UTF8.GetString(input) });
                            return ("http-completion", "mutation", input, async () => Touch.All(await client.CreateChatCompletionAsync(TestKit.Chat())));
                        }

                    case 1:
                        {
                            var input = Mutator.Mutate(random, seeds.Streams[random.Next(seeds.Streams.Count)], sse: true);
                            server.Enqueue(new Scenario(ScenarioKinds.ContentType) { Path = "/v1/chat/completions", Value = "text/event-stream", Body = Encoding.UTF8.GetString(input) });
                            return ("http-stream", "mutation", input, async () =>
                            {
                                using var stream = await client.StreamChatCompletionAsync(TestKit.Chat());
                                while (await stream.MoveNextAsync())
                                {
                                    Touch.All(stream.Current);
                                }

                                Touch.All(stream.CreateFinalChunk());
                            });
                        }

                    case 2:
                        {
                            var input = Pick(seeds.Bodies["error"]);
                            var status = statuses[random.Next(statuses.Length)];
                            server.Enqueue(new Scenario(ScenarioKinds.Error) { Path = "/v1/chat/completions", Status = status, ContentType = "application/json", Body = Encoding.UTF8.GetString(input) });
                            return ("http-error", $"mutation, status {status}", input, async () =>
                            {
                                var ex = await Assert.ThrowsAnyAsync<Exception>(() => client.CreateChatCompletionAsync(TestKit.Chat()));
                                Touch.All(ex as AurikoApiException);
                                throw ex;
                            });
                        }

                    case 3:
                        {
                            var input = Pick(seeds.Bodies["list-workspaces"]);
                            server.Enqueue(new Scenario(ScenarioKinds.ContentType) { Path = "/v1/workspaces", Value = "application/json", Body = Encoding.UTF8.GetString(input) });
                            return ("http-list", "mutation", input, async () => Touch.All(await client.ListWorkspacesAsync()));
                        }

                    default:
                        {
                            var input = Pick(seeds.Bodies["list-registry-models"]);
                            server.Enqueue(new Scenario(ScenarioKinds.ContentType) { Path = "/v1/registry/models", Value = "application/json", Body = Encoding.UTF8.GetString(input) });
                            return ("http-list", "mutation", input, async () => Touch.All(await client.ListRegistryModelsAsync()));
                        }
                }
            });

            Finish(run);
        }

        /// <summary>Reads a whole stream through the public <see cref="ChatCompletionStream"/> over a fake response body.</summary>
        private static void ReadStream(List<byte[]> pieces, bool asyncReads)
        {
            using var stream = FakeSseStream.Open(pieces, idle: TimeSpan.FromSeconds(30));
            try
            {
                for (var n = 0; n < 100_000; n++)
                {
                    var more = asyncReads ? stream.MoveNextAsync().GetAwaiter().GetResult() : stream.MoveNext();
                    if (!more)
                    {
                        break;
                    }

                    Touch.All(stream.Current);
                }

                Touch.All(stream.CreateFinalChunk());
            }
            finally
            {
                // What was read so far stays readable after a failure (partial answers are shown to the user).
                Touch.All(stream.GetFinalCompletion());
                _ = stream.Usage;
                _ = stream.RoutingMetadata;
            }
        }

        /// <summary>
        /// Feeds a body to the reader behind one client call, the way the transport does: strict UTF-8 decoding, then
        /// <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> and the model reader inside the
        /// transport's guard (<c>JsonException, InvalidOperationException, FormatException, ArgumentException</c> become an
        /// AurikoException "not valid JSON"). Error bodies go to <see cref="ErrorMapper.FromResponse"/>, which the transport
        /// calls unguarded. Then every property of the result is read, outside any guard, as the user would.
        /// </summary>
        private static void ReadBody(string target, byte[] body, int status)
        {
            var headers = ErrorMappingTests.Headers(("X-Request-ID", "req_fuzz"), ("Retry-After", "1"));
            switch (target)
            {
                case "chunk":
                    {
                        var result = ChunkParser.Parse(body, headers, Secret, previous: null);
                        if (result.Error != null)
                        {
                            Touch.All(result.Error);
                            throw result.Error;
                        }

                        Touch.All(result.Chunk);
                        return;
                    }

                case "error":
                    {
                        var error = ErrorMapper.FromResponse(status, "Reason", headers, new ArraySegment<byte>(body), "application/json", Secret);
                        Touch.All(error);
                        throw error;
                    }
            }

            object result2 = AsTransport<object>(body, root => target switch
            {
                "completion" => ChatWireReader.Read(System.Text.Encoding.UTF8.GetBytes(root.GetRawText()), streamed: false).ToCompletion(),
                "identity" => ModelReader.ReadIdentity(root),
                "workspace" => ModelReader.ReadWorkspace(root),
                "budget" => ModelReader.ReadBudget(root),
                "list-workspaces" => ModelReader.ReadList(root, "workspaces", ModelReader.ReadWorkspace),
                "list-budgets" => ModelReader.ReadList(root, "budgets", ModelReader.ReadBudget),
                "list-registry-models" => ModelReader.ReadList(root, "models", ModelReader.ReadRegistryModel),
                "list-directory-models" => ModelReader.ReadList(root, "models", ModelReader.ReadDirectoryModel),
                "list-providers" => ModelReader.ReadList(root, "providers", ModelReader.ReadProvider),
                _ => throw new InvalidOperationException("unknown target " + target),
            });
            Touch.All(result2);
        }

        private static T AsTransport<T>(byte[] body, Func<JsonElement, T> map)
        {
            try
            {
                _ = StrictUtf8.GetString(body);
            }
            catch (DecoderFallbackException ex)
            {
                throw new AurikoException("not UTF-8 (as the transport reports it)", ex);
            }

            try
            {
                using var doc = JsonDocument.Parse(body);
                return map(doc.RootElement);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is FormatException || ex is ArgumentException)
            {
                throw new AurikoException("not valid JSON (as the transport reports it)", ex);
            }
        }

        private void Finish(FuzzRun run)
        {
            var figures = run.Figures();
            var path = ReliabilityFigures.Write(run.Name, figures);
            _output.WriteLine(run.Report());
            _output.WriteLine($"written to {path}");
            Assert.True(run.Inputs >= 100, $"only {run.Inputs} inputs ran");
            Assert.True(run.FailureCount == 0, run.Report());
        }

        /// <summary>Valid samples to mutate, taken once from the emulator (the same bytes every run).</summary>
        private sealed class Samples
        {
            private static readonly SemaphoreSlim Gate = new SemaphoreSlim(1, 1);
            private static Samples? _loaded;

            public Dictionary<string, List<byte[]>> Bodies { get; } = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);

            public List<byte[]> Streams { get; } = new List<byte[]>();

            public static async Task<Samples> LoadAsync()
            {
                await Gate.WaitAsync();
                try
                {
                    return _loaded ??= await FetchAsync();
                }
                finally
                {
                    Gate.Release();
                }
            }

            private static async Task<Samples> FetchAsync()
            {
                var samples = new Samples();
                await using var server = await EmulatorHost.StartAsync();
                using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);

                async Task<byte[]> Get(string path) => await (await http.GetAsync(path)).Content.ReadAsByteArrayAsync();
                async Task<byte[]> Post(object body) =>
                    await (await http.PostAsync("chat/completions", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"))).Content.ReadAsByteArrayAsync();
                void Add(string target, byte[] bytes)
                {
                    if (!samples.Bodies.TryGetValue(target, out var list))
                    {
                        samples.Bodies[target] = list = new List<byte[]>();
                    }

                    list.Add(bytes);
                }

                var user = new[] { new { role = "user", content = "What is the weather in Paris?" } };
                var tool = new[] { new { type = "function", function = new { name = "get_weather", parameters = new { type = "object" } } } };
                Add("completion", await Post(new { model = "gpt-4o", messages = user }));
                Add("completion", await Post(new { model = "gpt-4o", messages = user, tools = tool, tool_choice = "required", emulator = new { tool_call_count = 2 } }));
                Add("completion", await Post(new { model = "gpt-4o:cost", messages = user, reasoning_effort = "high" }));
                Add("completion", Encoding.UTF8.GetBytes("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],\"tool_calls\":[{\"id\":\"t\",\"function\":{\"name\":\"f\",\"arguments\":{\"a\":1}}}]},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3},\"routing_metadata\":{\"provider\":\"p\",\"cost\":{\"usd\":0.1},\"warnings\":[\"w\",{\"code\":\"c\",\"message\":\"m\"}]}}"));

                Add("identity", await Get("me"));
                var workspaces = await Get("workspaces");
                Add("list-workspaces", workspaces);
                using (var doc = JsonDocument.Parse(workspaces))
                {
                    var items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("data");
                    var id = items[0].GetProperty("id").GetString()!;
                    Add("workspace", await Get("workspaces/" + id));
                    var budgets = await Get($"workspaces/{id}/budgets");
                    Add("list-budgets", budgets);
                    using var b = JsonDocument.Parse(budgets);
                    var budgetItems = b.RootElement.ValueKind == JsonValueKind.Array ? b.RootElement : b.RootElement.GetProperty("data");
                    Add("budget", Encoding.UTF8.GetBytes(budgetItems[0].GetRawText()));
                }

                Add("list-registry-models", await Get("registry/models"));
                Add("list-directory-models", await Get("directory/models"));
                Add("list-providers", await Get("registry/providers"));

                foreach (var (status, code) in new[] { (429, "rate_limit_exceeded"), (402, "budget_exceeded"), (429, "insufficient_quota"), (401, "invalid_api_key"), (404, "model_not_found"), (500, "internal_error"), (502, "provider_error"), (503, "service_unavailable"), (400, "invalid_request") })
                {
                    server.Enqueue(new Scenario(ScenarioKinds.Error) { Status = status, Code = code, Message = "Sample " + code, Param = "model", Provider = "openai", RetryAfter = 1 });
                    Add("error", await Post(new { model = "gpt-4o", messages = user }));
                }

                Add("error", Encoding.UTF8.GetBytes("{\"error\":\"flat text\",\"code\":\"rate_limit_exceeded\"}"));
                Add("error", Encoding.UTF8.GetBytes("{\"detail\":\"FastAPI style\"}"));
                Add("error", Encoding.UTF8.GetBytes("<html><body><h1>502 Bad Gateway</h1></body></html>"));

                // Streams: plain, every SSE oddity the emulator knows, tool calls + reasoning, an error event mid-stream.
                async Task<byte[]> Stream(object body) => await Post(body);
                Add("_", Array.Empty<byte>());
                samples.Streams.Add(await Stream(new { model = "gpt-4o", messages = user, stream = true, stream_options = new { include_usage = true }, emulator = new { chunks = 3 } }));
                samples.Streams.Add(await Stream(new { model = "gpt-4o", messages = user, stream = true, emulator = new { chunks = 3, crlf = true, comments = true, sse_fields = true, usage_separate_chunk = true } }));
                samples.Streams.Add(await Stream(new { model = "gpt-4o", messages = user, stream = true, tools = tool, tool_choice = "required", reasoning_effort = "high", emulator = new { chunks = 2, tool_call_count = 2 } }));
                server.Enqueue(new Scenario(ScenarioKinds.MidStreamError) { After = 2, Code = "provider_error", Message = "upstream went away" });
                samples.Streams.Add(await Stream(new { model = "gpt-4o", messages = user, stream = true, emulator = new { chunks = 4 } }));
                samples.Bodies.Remove("_");

                // Chunk payloads: every data: line of the sample streams, plus the dense hand-written one.
                foreach (var stream in samples.Streams)
                {
                    foreach (var line in Encoding.UTF8.GetString(stream).Split('\n'))
                    {
                        if (line.StartsWith("data:", StringComparison.Ordinal) && line.IndexOf('{') > 0)
                        {
                            Add("chunk", Encoding.UTF8.GetBytes(line.Substring(5).Trim()));
                        }
                    }
                }

                Add("chunk", Encoding.UTF8.GetBytes("{\"id\":\"c1\",\"model\":\"m\",\"created\":1767225600,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\",\"reasoning_content\":\"r\",\"tool_calls\":[{\"index\":0,\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":0}},\"routing_metadata\":{\"provider\":\"p\",\"cost\":{\"usd\":0.1},\"warnings\":[\"w\",{\"code\":\"c\",\"message\":\"m\"}]}}"));

                foreach (var pair in samples.Bodies)
                {
                    Assert.All(pair.Value, b => Assert.NotEmpty(b));
                }

                Assert.Contains(samples.Streams, s => Encoding.UTF8.GetString(s).Contains("[DONE]", StringComparison.Ordinal));
                return samples;
            }
        }
    }
}
