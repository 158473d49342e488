using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Auriko.TestServer;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Auriko.Benchmarks;

/// <summary>
/// The SSE reader alone: a real 20,000-chunk stream, captured once from the in-process emulator,
/// parsed from memory. No socket, no PowerShell: what the client's per-chunk work costs, against
/// reading lines and against Microsoft's SSE parser by itself.
/// </summary>
internal static class SseMicroBenchmark
{
    internal static byte[] Payload = Array.Empty<byte>();
    internal static int Chunks;

    public static async Task<JsonObject> RunAsync(string artifacts, int chunks)
    {
        Payload = await CaptureStreamAsync(chunks);
        Chunks = chunks;

        // In-process and short: the Bench task must stay within a few minutes on 2 cores.
        var job = Job.ShortRun
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(2)
            .WithIterationCount(5)
            .WithId("ShortInProcess");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(new StderrLogger())
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);

        Summary summary = BenchmarkRunner.Run<SseReaderBenchmarks>(config);
        var results = new JsonArray();
        foreach (var report in summary.Reports)
        {
            var stats = report.ResultStatistics;
            long? allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            results.Add(new JsonObject
            {
                ["method"] = report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                ["description"] = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,
                ["meanMs"] = stats is null ? null : Math.Round(stats.Mean / 1e6, 3),
                ["medianMs"] = stats is null ? null : Math.Round(stats.Median / 1e6, 3),
                ["p95Ms"] = stats is null ? null : Math.Round(stats.Percentiles.P95 / 1e6, 3),
                ["nsPerEvent"] = stats is null ? null : Math.Round(stats.Median / chunks, 1),
                ["bytesPerEvent"] = allocated is null ? null : Math.Round((double)allocated.Value / chunks, 1),
                ["ok"] = report.Success,
            });
        }

        return new JsonObject
        {
            ["events"] = chunks,
            ["payloadBytes"] = Payload.Length,
            ["job"] = "ShortRun in-process (2 warm-up, 5 iterations)",
            ["results"] = results,
            ["readerNote"] = SseReaderBenchmarks.ReaderProblem,
        };
    }

    /// <summary>The exact bytes the emulator streams for <paramref name="chunks"/> small content deltas.</summary>
    private static async Task<byte[]> CaptureStreamAsync(int chunks)
    {
        await using var server = await EmulatorHost.StartAsync();
        using var http = new HttpClient();
        var body = new JsonObject
        {
            ["model"] = Scenarios.Model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Hello" }),
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
            ["emulator"] = new JsonObject { ["chunks"] = chunks, ["content_bytes"] = chunks * 8L },
        };
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl, "chat/completions"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Scenarios.ApiKey);
        using var response = await http.SendAsync(message);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    private sealed class StderrLogger : ILogger
    {
        public string Id => nameof(StderrLogger);

        public int Priority => 0;

        public void Write(LogKind logKind, string text) => Console.Error.Write(text);

        public void WriteLine() => Console.Error.WriteLine();

        public void WriteLine(LogKind logKind, string text) => Console.Error.WriteLine(text);

        public void Flush() => Console.Error.Flush();
    }
}

/// <summary>Each benchmark reads the whole captured stream once (20,000 content events plus role, finish and [DONE]).</summary>
public class SseReaderBenchmarks
{
    internal static string? ReaderProblem;
    private static readonly Func<Stream, Func<CancellationToken, ChatCompletionChunk?>>? OpenReader = BindReader();

    [Benchmark(Baseline = true, Description = "StreamReader lines (floor)")]
    public int RawLines()
    {
        int n = 0;
        using var reader = new StreamReader(new MemoryStream(SseMicroBenchmark.Payload, writable: false));
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                n++;
            }
        }
        return n;
    }

    [Benchmark(Description = "SseParser, string data")]
    public int SseParserStrings()
    {
        int n = 0;
        foreach (var item in SseParser.Create(new MemoryStream(SseMicroBenchmark.Payload, writable: false)).Enumerate())
        {
            if (item.Data.Length > 0)
            {
                n++;
            }
        }
        return n;
    }

    [Benchmark(Description = "SseParser + JsonDocument")]
    public int SseParserJsonDocument()
    {
        int n = 0;
        var parser = SseParser.Create(new MemoryStream(SseMicroBenchmark.Payload, writable: false), (_, data) =>
        {
            if (data.SequenceEqual("[DONE]"u8))
            {
                return 0;
            }

            using var doc = JsonDocument.Parse(data.ToArray());
            return doc.RootElement.GetProperty("choices").GetArrayLength();
        });
        foreach (var item in parser.Enumerate())
        {
            n += item.Data;
        }

        return n;
    }

    [Benchmark(Description = "Auriko SseChunkReader")]
    public int AurikoReader()
    {
        if (OpenReader is null)
        {
            throw new InvalidOperationException(ReaderProblem);
        }

        int n = 0;
        var read = OpenReader(new MemoryStream(SseMicroBenchmark.Payload, writable: false));
        while (read(CancellationToken.None) != null)
        {
            n++;
        }

        return n;
    }

    /// <summary>
    /// The reader is internal to Auriko.dll (only its own tests see internals), so it is bound by
    /// reflection: constructor arguments are filled by type, as ChatCompletionStream would get them.
    /// </summary>
    private static Func<Stream, Func<CancellationToken, ChatCompletionChunk?>>? BindReader()
    {
        try
        {
            var type = typeof(AurikoClient).Assembly.GetType("Auriko.Streaming.SseChunkReader", throwOnError: true)!;
            var ctor = type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderByDescending(c => c.GetParameters().Length).First();
            var read = type.GetMethod("Read", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, new[] { typeof(CancellationToken) })
                ?? throw new MissingMethodException(type.FullName, "Read(CancellationToken)");
            return stream =>
            {
                var args = ctor.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : ArgumentFor(p.ParameterType, stream)).ToArray();
                var reader = ctor.Invoke(args);
                return read.CreateDelegate<Func<CancellationToken, ChatCompletionChunk?>>(reader);
            };
        }
        catch (Exception ex)
        {
            ReaderProblem = $"Auriko SseChunkReader could not be bound ({ex.GetType().Name}: {ex.Message})";
            return null;
        }
    }

    private static object? ArgumentFor(Type type, Stream stream)
    {
        if (type == typeof(Stream))
        {
            return stream;
        }

        if (type == typeof(HttpResponseMessage))
        {
            return new HttpResponseMessage();
        }

        if (type == typeof(ResponseHeaders))
        {
            return ResponseHeaders.Empty;
        }
        // The cmdlet's default: a 60 s idle timeout, so the per-read timer cost is included.
        if (type == typeof(TimeSpan))
        {
            return TimeSpan.FromSeconds(60);
        }

        if (type.IsAssignableFrom(typeof(List<ChatMessage>)))
        {
            return new List<ChatMessage> { ChatMessage.User("Hello") };
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }
}
