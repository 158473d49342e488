using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Auriko.TestServer.Endpoints;

namespace Auriko.TestServer.Api;

/// <summary>
/// The whole request pipeline in one place (no MVC/routing: fewer moving parts and cheaper per
/// request): record the request, stamp the common headers, apply a queued scenario or chaos,
/// then route to the endpoint.
/// </summary>
internal sealed class ApiDispatcher
{
    private const int MaxRecordedBodyChars = 1 << 20;
    private readonly EmulatorState _state;
    private readonly ChatCompletionsEndpoint _chat;

    public ApiDispatcher(EmulatorState state)
    {
        _state = state;
        _chat = new ChatCompletionsEndpoint(state);
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        if (path.StartsWith("/_test", StringComparison.OrdinalIgnoreCase))
        {
            await ControlEndpoints.HandleAsync(ctx, _state);
            return;
        }

        var body = await ReadBodyAsync(ctx.Request.BodyReader, ctx.RequestAborted);
        var requestId = _state.NextRequestId();
        var sequence = _state.Recorder.NextSequence();
        _state.Recorder.Add(Record(ctx, path, body, sequence, requestId));
        _state.Connections.OnApiRequest(ctx.Connection.Id);

        // Streams must reach the client event by event.
        ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        CommonHeaders.Apply(ctx.Response, requestId, sequence);

        var scenario = _state.Scenarios.Take(path, body);
        if (scenario is not null)
        {
            switch (scenario.Kind)
            {
                case ScenarioKinds.Error:
                    await ErrorWriter.WriteAsync(ctx, ApiError.FromScenario(scenario, 500, "internal_error"), scenario);
                    return;
                case ScenarioKinds.Reset:
                    ctx.Abort();
                    return;
                case ScenarioKinds.Hang:
                    await Waiting.UntilClientGoesAwayAsync(ctx, _state);
                    return;
                case ScenarioKinds.Events:
                    await WriteLiteralEventsAsync(ctx, scenario);
                    return;
            }
        }
        else if (_state.Chaos.Roll() is var injected and > 0)
        {
            var error = new ApiError(injected, ErrorCatalog.DefaultCode(injected), "Injected failure (chaos mode).");
            if (injected is 429 or 503)
            {
                error.RetryAfter = 0;
            }

            await ErrorWriter.WriteAsync(ctx, error);
            return;
        }

        await RouteAsync(ctx, path.Length > 1 ? path.TrimEnd('/') : path, body, scenario);
    }

    /// <summary>Sends the scenario's payloads verbatim as SSE data events (a stand-in for another server's stream).</summary>
    private static async Task WriteLiteralEventsAsync(HttpContext ctx, Scenario scenario)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "text/event-stream";
        foreach (var payload in scenario.Events ?? Array.Empty<string>())
        {
            if (scenario.DelayMs is > 0)
            {
                await Task.Delay(scenario.DelayMs.Value, ctx.RequestAborted);
            }

            await ctx.Response.WriteAsync("data: " + payload + "\n\n", ctx.RequestAborted);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        }
    }

    private async Task RouteAsync(HttpContext ctx, string path, byte[] body, Scenario? scenario)
    {
        var method = ctx.Request.Method;
        var seg = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (seg.Length == 0 || !seg[0].Equals("v1", StringComparison.OrdinalIgnoreCase))
        {
            await NotFoundAsync(ctx, path);
            return;
        }

        bool isGet = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        string Seg(int i) => seg[i].ToLowerInvariant();

        switch (seg.Length)
        {
            case 3 when Seg(1) == "chat" && Seg(2) == "completions":
                if (!HttpMethods.IsPost(method)) { await MethodNotAllowedAsync(ctx, "POST"); return; }
                await _chat.HandleAsync(ctx, body, scenario);
                return;
            case 2 when Seg(1) == "me":
                if (!isGet) { await MethodNotAllowedAsync(ctx, "GET"); return; }
                await ManagementEndpoints.MeAsync(ctx, _state, scenario);
                return;
            case 2 when Seg(1) == "workspaces":
                if (!isGet) { await MethodNotAllowedAsync(ctx, "GET"); return; }
                await ManagementEndpoints.ListWorkspacesAsync(ctx, _state, scenario);
                return;
            case 3 when Seg(1) == "workspaces":
                if (!isGet) { await MethodNotAllowedAsync(ctx, "GET"); return; }
                await ManagementEndpoints.GetWorkspaceAsync(ctx, _state, scenario, seg[2]);
                return;
            case 4 when Seg(1) == "workspaces" && Seg(3) == "budgets":
                if (!isGet) { await MethodNotAllowedAsync(ctx, "GET"); return; }
                await ManagementEndpoints.ListBudgetsAsync(ctx, _state, scenario, seg[2]);
                return;
            case 5 when Seg(1) == "workspaces" && Seg(3) == "budgets":
                if (!isGet) { await MethodNotAllowedAsync(ctx, "GET"); return; }
                await ManagementEndpoints.GetBudgetAsync(ctx, _state, scenario, seg[2], seg[4]);
                return;
            case 3 when Seg(1) == "registry" && Seg(2) == "models":
                if (!isGet) { await MethodNotAllowedAsync(ctx, "GET"); return; }
                await DiscoveryEndpoints.RegistryModelsAsync(ctx, _state, scenario);
                return;
            case 3 when Seg(1) == "registry" && Seg(2) == "providers":
                if (!isGet) { await MethodNotAllowedAsync(ctx, "GET"); return; }
                await DiscoveryEndpoints.ProvidersAsync(ctx, _state, scenario);
                return;
            case 3 when Seg(1) == "directory" && Seg(2) == "models":
                if (!isGet) { await MethodNotAllowedAsync(ctx, "GET"); return; }
                await DiscoveryEndpoints.DirectoryModelsAsync(ctx, _state, scenario);
                return;
        }
        await NotFoundAsync(ctx, path);
    }

    private static Task NotFoundAsync(HttpContext ctx, string path) =>
        ErrorWriter.WriteAsync(ctx, new ApiError(404, "not_found", $"No route for {ctx.Request.Method} {path}.") { Type = "not_found_error" });

    private static Task MethodNotAllowedAsync(HttpContext ctx, string allowed)
    {
        ctx.Response.Headers.Allow = allowed;
        return ErrorWriter.WriteAsync(ctx, new ApiError(405, "method_not_allowed", $"Method {ctx.Request.Method} is not allowed here; use {allowed}."));
    }

    private static RecordedRequest Record(HttpContext ctx, string path, byte[] body, long sequence, string requestId)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in ctx.Request.Headers)
        {
            headers[h.Key] = h.Value.ToString();
        }

        var text = Encoding.UTF8.GetString(body);
        if (text.Length > MaxRecordedBodyChars)
        {
            text = text[..MaxRecordedBodyChars] + "…[truncated]";
        }

        var query = ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value![1..] : "";
        return new RecordedRequest(sequence, ctx.Request.Method, path, query, headers, text,
            ctx.Connection.Id, DateTimeOffset.UtcNow, requestId);
    }

    private static async Task<byte[]> ReadBodyAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            if (result.IsCompleted || result.IsCanceled)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }
            // Not consumed yet: ask for more until the whole body is buffered.
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
