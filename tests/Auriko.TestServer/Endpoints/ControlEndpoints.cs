using System.Text.Json;
using Auriko.TestServer.Api;
using Auriko.TestServer.Scenarios;

namespace Auriko.TestServer.Endpoints;

/// <summary>
/// The test control API (outside /v1, never recorded, never hit by chaos):
/// POST /_test/reset, GET /_test/requests, GET /_test/stats, POST|GET /_test/scenarios, POST /_test/chaos.
/// </summary>
internal static class ControlEndpoints
{
    public static async Task HandleAsync(HttpContext ctx, EmulatorState state)
    {
        var path = (ctx.Request.Path.Value ?? "").TrimEnd('/').ToLowerInvariant();
        var method = ctx.Request.Method;
        try
        {
            switch (path)
            {
                case "/_test/reset" when HttpMethods.IsPost(method):
                    state.Reset();
                    await Ok(ctx, w => w.WriteBoolean("ok", true));
                    return;

                case "/_test/requests" when HttpMethods.IsGet(method):
                    await Json.WriteBytesAsync(ctx, 200, RequestsJson(ctx, state));
                    return;

                case "/_test/stats" when HttpMethods.IsGet(method):
                    await Ok(ctx, w =>
                    {
                        w.WriteNumber("requests", state.Recorder.TotalCount);
                        w.WriteNumber("connections", state.Connections.Used);
                        w.WriteNumber("tcpConnectionsOpened", state.Connections.Opened);
                        w.WriteNumber("activeConnections", state.Connections.Active);
                        w.WriteNumber("scenariosPending", state.Scenarios.Count);
                        w.WriteNumber("chaosInjected", state.Chaos.Injected);
                    });
                    return;

                case "/_test/scenarios" when HttpMethods.IsPost(method):
                {
                    using var doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
                    var scenarios = ScenarioParser.ParseMany(doc.RootElement);
                    state.Scenarios.Enqueue(scenarios);
                    await Ok(ctx, w =>
                    {
                        w.WriteNumber("queued", scenarios.Count);
                        w.WriteNumber("pending", state.Scenarios.Count);
                    });
                    return;
                }

                case "/_test/scenarios" when HttpMethods.IsGet(method):
                    await Json.WriteBytesAsync(ctx, 200, Json.Build(w =>
                    {
                        w.WriteStartArray();
                        foreach (var (s, remaining) in state.Scenarios.Snapshot())
                        {
                            w.WriteStartObject();
                            w.WriteString("kind", s.Kind);
                            if (s.Path is null)
                            {
                                w.WriteNull("path");
                            }
                            else
                            {
                                w.WriteString("path", s.Path);
                            }

                            if (s.Match is not null)
                            {
                                w.WriteString("match", s.Match);
                            }

                            w.WriteNumber("remaining", remaining);
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                    }));
                    return;

                case "/_test/chaos" when HttpMethods.IsPost(method):
                {
                    using var doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
                    var root = doc.RootElement;
                    double rate429 = Number(root, "rate429"), rate5xx = Number(root, "rate5xx");
                    int seed = (int)Number(root, "seed", 1);
                    state.Chaos.Configure(rate429, rate5xx, seed);
                    await Ok(ctx, w =>
                    {
                        w.WriteNumber("rate429", rate429);
                        w.WriteNumber("rate5xx", rate5xx);
                        w.WriteNumber("seed", seed);
                    });
                    return;
                }
            }
            await Json.WriteBytesAsync(ctx, 404, ErrorWriter.Envelope(new ApiError(404, "not_found",
                $"Unknown control endpoint {method} {path}. Known: POST /_test/reset, GET /_test/requests, GET /_test/stats, POST|GET /_test/scenarios, POST /_test/chaos.")));
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            await Json.WriteBytesAsync(ctx, 400, ErrorWriter.Envelope(new ApiError(400, "invalid_request", "Bad control request: " + e.Message)));
        }
    }

    /// <summary>Optional filters: ?path=&lt;prefix&gt; and ?last=N.</summary>
    private static byte[] RequestsJson(HttpContext ctx, EmulatorState state)
    {
        IEnumerable<RecordedRequest> list = state.Recorder.Snapshot();
        var prefix = ctx.Request.Query["path"].ToString();
        if (prefix.Length > 0)
        {
            list = list.Where(r => r.Path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        }

        if (int.TryParse(ctx.Request.Query["last"], out var last) && last >= 0)
        {
            list = list.TakeLast(last);
        }

        return Json.Build(w =>
        {
            w.WriteStartArray();
            foreach (var r in list)
            {
                w.WriteStartObject();
                w.WriteNumber("sequence", r.Sequence);
                w.WriteString("method", r.Method);
                w.WriteString("path", r.Path);
                w.WriteString("query", r.Query);
                w.WriteStartObject("headers");
                foreach (var (name, value) in r.Headers)
                {
                    w.WriteString(name, value);
                }

                w.WriteEndObject();
                w.WriteString("body", r.Body);
                w.WriteString("connectionId", r.ConnectionId);
                w.WriteString("receivedAt", r.ReceivedAt);
                w.WriteString("requestId", r.RequestId);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    private static Task Ok(HttpContext ctx, Action<Utf8JsonWriter> fields) =>
        Json.WriteBytesAsync(ctx, 200, Json.Build(w =>
        {
            w.WriteStartObject();
            fields(w);
            w.WriteEndObject();
        }));

    private static double Number(JsonElement root, string name, double fallback = 0)
    {
        if (root.ValueKind != JsonValueKind.Object || !ScenarioParser.TryGet(root, name, out var v))
        {
            return fallback;
        }

        if (v.ValueKind == JsonValueKind.Number)
        {
            return v.GetDouble();
        }

        if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        if (v.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        throw new FormatException($"\"{name}\" must be a number");
    }
}
