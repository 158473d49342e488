using System.Text.Json;
using System.Text.Json.Nodes;

namespace Auriko.Benchmarks;

/// <summary>
/// The C# half of the Bench task. Each command measures against a running test server
/// (--base http://127.0.0.1:PORT/v1/) and prints one JSON object on stdout with the raw samples;
/// tests/bench/Invoke-AurikoBenchmark.ps1 turns them into the table. Nothing here decides pass/fail.
/// </summary>
/// <remarks>
/// Commands:
///   sequential --base URL [--count 500] [--rounds 5]   non-streaming latency: raw HttpClient, Auriko client
///   lag        --base URL [--chunks 100] [--delay-ms 20] stream delivery lag: raw, Auriko client
///   throughput --base URL [--chunks 20000] [--runs 5]   20,000-chunk stream: raw SSE lines, Auriko client
///   parallel   --base URL [--tasks 8] [--count 50] [--runs 3]  8 tasks x 50 requests: raw, Auriko client
///   sse        [--artifacts DIR] [--chunks 20000]       SSE reader micro benchmark (BenchmarkDotNet)
/// </remarks>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: Auriko.Benchmarks <sequential|lag|throughput|parallel|sse> [--base URL] [options]");
            return 2;
        }

        var options = Options.Parse(args.Skip(1));
        JsonObject result;
        switch (args[0])
        {
            case "sequential":
                result = await Scenarios.SequentialAsync(options.BaseUrl, options.Int("count", 500), options.Int("rounds", 5));
                break;
            case "lag":
                result = await Scenarios.LagAsync(options.BaseUrl, options.Int("chunks", 100), options.Int("delay-ms", 20));
                break;
            case "throughput":
                result = await Scenarios.ThroughputAsync(options.BaseUrl, options.Int("chunks", 20000), options.Int("runs", 5));
                break;
            case "parallel":
                result = await Scenarios.ParallelAsync(options.BaseUrl, options.Int("tasks", 8), options.Int("count", 50), options.Int("runs", 3));
                break;
            case "sse":
                result = await SseMicroBenchmark.RunAsync(options.String("artifacts") ?? Path.Combine(Path.GetTempPath(), "auriko-bdn"), options.Int("chunks", 20000));
                break;
            default:
                await Console.Error.WriteLineAsync($"unknown command '{args[0]}'");
                return 2;
        }

        Console.Out.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        return 0;
    }

    private sealed class Options
    {
        private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

        public static Options Parse(IEnumerable<string> args)
        {
            var o = new Options();
            string? key = null;
            foreach (var a in args)
            {
                if (a.StartsWith("--", StringComparison.Ordinal))
                {
                    key = a[2..];
                    o._values[key] = "true";
                }
                else if (key != null)
                {
                    o._values[key] = a;
                    key = null;
                }
            }
            return o;
        }

        public Uri BaseUrl
        {
            get
            {
                var text = String("base") ?? throw new ArgumentException("--base http://127.0.0.1:PORT/v1/ is required");
                return new Uri(text.EndsWith('/') ? text : text + "/");
            }
        }

        public string? String(string name) => _values.TryGetValue(name, out var v) ? v : null;

        public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
