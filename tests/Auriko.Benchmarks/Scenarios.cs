using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Auriko.Benchmarks;

/// <summary>
/// The floors (a plain HttpClient doing the least a caller could do) and the Auriko client called
/// directly from C#, over the same loopback server and the same request bodies the PowerShell
/// side sends. Samples are returned raw (ms or s); the PowerShell side computes median and p95.
/// </summary>
internal static class Scenarios
{
    public const string Model = "gpt-4o";
    public const string ApiKey = "bench-key";
    private const string Prompt = "Hello";

    // ---- 2. sequential non-streaming requests ------------------------------------------------

    public static async Task<JsonObject> SequentialAsync(Uri baseUrl, int count, int rounds)
    {
        using var http = NewHttpClient();
        using var client = NewAurikoClient(baseUrl);
        var endpoint = new Uri(baseUrl, "chat/completions");
        byte[] body = Encoding.UTF8.GetBytes(RequestJson(stream: false, emulator: null));
        var request = NewRequest(stream: false, emulator: null);

        async Task Raw()
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent(body) };
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead);
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsStringAsync();
        }

        async Task Client() => _ = await client.CreateChatCompletionAsync(request);

        // Warm up both (JIT, connection), then alternate in rounds so drift in machine load hits both alike.
        for (int i = 0; i < 50; i++)
        {
            await Raw();
            await Client();
        }

        var raw = new List<double>(count);
        var direct = new List<double>(count);
        int perRound = Math.Max(1, count / rounds);
        while (raw.Count < count)
        {
            for (int i = 0; i < perRound && raw.Count < count; i++)
            {
                raw.Add(await TimeMsAsync(Raw));
            }

            for (int i = 0; i < perRound && direct.Count < count; i++)
            {
                direct.Add(await TimeMsAsync(Client));
            }
        }

        return new JsonObject { ["rawMs"] = ToArray(raw), ["clientMs"] = ToArray(direct) };
    }

    // ---- 3. stream delivery lag ----------------------------------------------------------------

    public static async Task<JsonObject> LagAsync(Uri baseUrl, int chunks, int delayMs)
    {
        using var http = NewHttpClient();
        using var client = NewAurikoClient(baseUrl);
        var emulator = new Dictionary<string, object?> { ["chunks"] = chunks, ["delay_ms"] = delayMs, ["timestamps"] = true };

        // Warm-up: a short stream through both paths.
        var warm = new Dictionary<string, object?> { ["chunks"] = 5, ["delay_ms"] = 1, ["timestamps"] = true };
        await RawLagAsync(http, baseUrl, warm);
        ClientLag(client, warm);

        var raw = await RawLagAsync(http, baseUrl, emulator);
        var direct = ClientLag(client, emulator);
        return new JsonObject { ["rawMs"] = ToArray(raw), ["clientMs"] = ToArray(direct) };
    }

    private static async Task<List<double>> RawLagAsync(HttpClient http, Uri baseUrl, Dictionary<string, object?> emulator)
    {
        var lags = new List<double>();
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "chat/completions"))
        {
            Content = JsonContent(Encoding.UTF8.GetBytes(RequestJson(stream: true, emulator))),
        };
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            if (line == "data: [DONE]")
            {
                break;
            }

            double now = UnixMsNow();
            using var doc = JsonDocument.Parse(line.AsMemory(6));
            var choices = doc.RootElement.GetProperty("choices");
            if (choices.GetArrayLength() == 0)
            {
                continue;
            }

            if (!choices[0].GetProperty("delta").TryGetProperty("content", out var content))
            {
                continue;
            }

            if (TryParseStamp(content.GetString(), out double sent))
            {
                lags.Add(now - sent);
            }
        }
        return lags;
    }

    private static List<double> ClientLag(AurikoClient client, Dictionary<string, object?> emulator)
    {
        var lags = new List<double>();
        using var stream = client.StreamChatCompletionAsync(NewRequest(stream: true, emulator)).GetAwaiter().GetResult();
        while (stream.MoveNext())
        {
            double now = UnixMsNow();
            if (TryParseStamp(stream.Current.Content, out double sent))
            {
                lags.Add(now - sent);
            }
        }
        return lags;
    }

    // ---- 4. stream throughput ------------------------------------------------------------------

    public static async Task<JsonObject> ThroughputAsync(Uri baseUrl, int chunks, int runs)
    {
        using var http = NewHttpClient();
        using var client = NewAurikoClient(baseUrl);
        // 8 bytes of content per chunk: small chunks, so per-chunk cost dominates.
        var emulator = new Dictionary<string, object?> { ["chunks"] = chunks, ["content_bytes"] = chunks * 8L };
        byte[] body = Encoding.UTF8.GetBytes(RequestJson(stream: true, emulator));
        var endpoint = new Uri(baseUrl, "chat/completions");

        async Task<int> Raw()
        {
            int events = 0;
            using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent(body) };
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line == "data: [DONE]")
                {
                    break;
                }

                events++;
            }
            return events;
        }

        int ClientSync()
        {
            int n = 0;
            using var stream = client.StreamChatCompletionAsync(NewRequest(stream: true, emulator)).GetAwaiter().GetResult();
            while (stream.MoveNext())
            {
                n++;
            }

            return n;
        }

        async Task<int> ClientAsync()
        {
            int n = 0;
            using var stream = await client.StreamChatCompletionAsync(NewRequest(stream: true, emulator));
            while (await stream.MoveNextAsync())
            {
                n++;
            }

            return n;
        }

        // Warm-up with a short stream on each path.
        var small = new Dictionary<string, object?> { ["chunks"] = 200, ["content_bytes"] = 1600L };
        using (var m = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent(Encoding.UTF8.GetBytes(RequestJson(true, small))) })
        using (var r = await http.SendAsync(m)) { _ = await r.Content.ReadAsStringAsync(); }
        using (var s = client.StreamChatCompletionAsync(NewRequest(true, small)).GetAwaiter().GetResult()) { while (s.MoveNext()) { } }
        await Raw();

        var raw = new List<double>();
        var sync = new List<double>();
        var async = new List<double>();
        int rawEvents = 0, syncChunks = 0, asyncChunks = 0;
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            rawEvents = await Raw();
            raw.Add(sw.Elapsed.TotalSeconds);
            sw.Restart();
            syncChunks = ClientSync();
            sync.Add(sw.Elapsed.TotalSeconds);
            sw.Restart();
            asyncChunks = await ClientAsync();
            async.Add(sw.Elapsed.TotalSeconds);
        }

        return new JsonObject
        {
            ["rawSeconds"] = ToArray(raw),
            ["clientSeconds"] = ToArray(sync),
            ["clientAsyncSeconds"] = ToArray(async),
            ["rawEvents"] = rawEvents,
            ["clientChunks"] = syncChunks,
            ["clientAsyncChunks"] = asyncChunks,
        };
    }

    // ---- 6. parallel ---------------------------------------------------------------------------

    public static async Task<JsonObject> ParallelAsync(Uri baseUrl, int tasks, int count, int runs)
    {
        using var http = NewHttpClient();
        using var control = new HttpClient { BaseAddress = new Uri(baseUrl, "/") };
        using var client = NewAurikoClient(baseUrl);
        var endpoint = new Uri(baseUrl, "chat/completions");
        byte[] body = Encoding.UTF8.GetBytes(RequestJson(stream: false, emulator: null));
        var request = NewRequest(stream: false, emulator: null);

        async Task Raw()
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent(body) };
            using var response = await http.SendAsync(message);
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsStringAsync();
        }

        async Task Client() => _ = await client.CreateChatCompletionAsync(request);

        for (int i = 0; i < 20; i++)
        {
            await Raw();
            await Client();
        }

        async Task<(double Seconds, int Connections)> Run(Func<Task> call)
        {
            await control.PostAsync("_test/reset", null);
            var sw = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, tasks).Select(_ => Task.Run(async () =>
            {
                for (int i = 0; i < count; i++)
                {
                    await call();
                }
            })));
            double seconds = sw.Elapsed.TotalSeconds;
            using var stats = JsonDocument.Parse(await control.GetStringAsync("_test/stats"));
            return (seconds, stats.RootElement.GetProperty("connections").GetInt32());
        }

        var raw = new List<double>();
        var rawConnections = new List<double>();
        var direct = new List<double>();
        var directConnections = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            var r = await Run(Raw);
            raw.Add(r.Seconds);
            rawConnections.Add(r.Connections);
            var c = await Run(Client);
            direct.Add(c.Seconds);
            directConnections.Add(c.Connections);
        }

        return new JsonObject
        {
            ["rawSeconds"] = ToArray(raw),
            ["rawConnections"] = ToArray(rawConnections),
            ["clientSeconds"] = ToArray(direct),
            ["clientConnections"] = ToArray(directConnections),
        };
    }

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>The floor's client: what any .NET caller gets by default (SocketsHttpHandler, pooled connections).</summary>
    private static HttpClient NewHttpClient()
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return http;
    }

    private static AurikoClient NewAurikoClient(Uri baseUrl) =>
        new(new AurikoClientOptions { BaseUrl = baseUrl, ApiKey = ApiKey, MaxRetries = 0 });

    private static ChatCompletionRequest NewRequest(bool stream, Dictionary<string, object?>? emulator)
    {
        var request = new ChatCompletionRequest { Model = Model };
        request.Messages.Add(ChatMessage.User(Prompt));
        if (emulator != null)
        {
            request.ExtraBody = new Dictionary<string, object?> { ["emulator"] = emulator };
        }

        _ = stream;
        return request;
    }

    /// <summary>The body the Auriko client sends for the same request (stream requests ask for usage).</summary>
    private static string RequestJson(bool stream, Dictionary<string, object?>? emulator)
    {
        var body = new JsonObject
        {
            ["model"] = Model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = Prompt }),
        };
        if (stream)
        {
            body["stream"] = true;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }
        if (emulator != null)
        {
            var e = new JsonObject();
            foreach (var (k, v) in emulator)
            {
                e[k] = JsonValue.Create(v);
            }

            body["emulator"] = e;
        }
        return body.ToJsonString();
    }

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task<double> TimeMsAsync(Func<Task> action)
    {
        long start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Now as Unix ms, the same clock and unit the server stamps chunks with.</summary>
    public static double UnixMsNow() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMillisecond;

    public static bool TryParseStamp(string? content, out double value)
    {
        value = 0;
        return !string.IsNullOrWhiteSpace(content) && double.TryParse(content.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static JsonArray ToArray(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(Math.Round(v, 4))).ToArray());
}
