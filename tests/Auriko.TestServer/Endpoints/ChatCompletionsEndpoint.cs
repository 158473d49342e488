using System.Buffers;
using System.Text;
using Auriko.TestServer.Api;
using Auriko.TestServer.Sse;

namespace Auriko.TestServer.Endpoints;

/// <summary>
/// POST /v1/chat/completions: validate like the real API, then answer deterministically
/// ("Echo (N messages): &lt;last user text&gt;") as JSON or SSE, shaped by the request's
/// "emulator" options and any queued scenario.
/// </summary>
internal sealed class ChatCompletionsEndpoint
{
    /// <summary>Up to this size a JSON answer is built in memory (so body faults can apply).</summary>
    private const long MaterializeLimit = 1 << 20;

    private readonly EmulatorState _state;

    public ChatCompletionsEndpoint(EmulatorState state) => _state = state;

    public async Task HandleAsync(HttpContext ctx, byte[] body, Scenario? scenario)
    {
        if (Auth.Check(ctx) is { } authError)
        {
            await ErrorWriter.WriteAsync(ctx, authError);
            return;
        }
        var request = ChatRequest.Parse(body, out var error);
        if (error is not null)
        {
            await ErrorWriter.WriteAsync(ctx, error);
            return;
        }

        var options = scenario is null ? request.Emulator : EmulatorOptions.Merge(request.Emulator, scenario.ImpliedOptions());
        var answer = new ChatAnswer(request, options, _state.NextCompletionId());

        var headers = ctx.Response.Headers;
        if (options.NoProviderHeaders != true)
        {
            headers["X-Provider-Used"] = request.Provider;
            headers["X-Routing-Strategy"] = request.Strategy;
        }
        CommonHeaders.ApplyBudget(ctx.Response);

        if (scenario?.Kind == ScenarioKinds.ContentType)
        {
            await JsonResponder.SendUnexpectedContentTypeAsync(ctx, Materialize(answer), scenario);
            return;
        }

        try
        {
            if (request.Stream)
            {
                await new ChatStreamer(ctx, _state, answer, scenario).RunAsync();
                return;
            }
            if (options.DelayMs is > 0 && scenario?.Kind != ScenarioKinds.Trickle)
            {
                await Task.Delay(options.DelayMs.Value, ctx.RequestAborted);
            }

            if (answer.Content.TotalBytes <= MaterializeLimit)
            {
                await JsonResponder.SendAsync(ctx, _state, Materialize(answer), scenario);
            }
            else
            {
                await StreamLargeJsonAsync(ctx, answer, chunked: scenario?.Kind == ScenarioKinds.LargeBody);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away mid-answer (or the host is stopping): nothing left to do.
            ctx.Abort();
        }
    }

    private static byte[] Materialize(ChatAnswer answer)
    {
        var (head, tail) = SplitAroundContent(answer);
        var buffer = new ArrayBufferWriter<byte>(head.Length + tail.Length + (int)answer.Content.TotalBytes + 64);
        buffer.Write(head);
        for (int i = 0; i < answer.Content.Count; i++)
        {
            answer.Content.WriteDelta(i, buffer);
        }

        buffer.Write(tail);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A big answer (content_bytes / large_body) is written piece by piece with periodic flushes,
    /// never held in memory. large_body is sent chunked (no Content-Length) so a client must
    /// protect itself while reading; content_bytes announces its exact length.
    /// </summary>
    private static async Task StreamLargeJsonAsync(HttpContext ctx, ChatAnswer answer, bool chunked)
    {
        var (head, tail) = SplitAroundContent(answer);
        var res = ctx.Response;
        res.StatusCode = 200;
        res.ContentType = Json.ContentType;
        if (!chunked)
        {
            res.ContentLength = head.Length + answer.Content.TotalBytes + tail.Length;
        }

        var pipe = res.BodyWriter;
        pipe.Write(head);
        // Flush roughly every 256 KB so the pipe never buffers much.
        long perDelta = Math.Max(1, answer.Content.TotalBytes / Math.Max(1, answer.Content.Count));
        int flushEvery = (int)Math.Max(1, 256 * 1024 / perDelta);
        for (int i = 0; i < answer.Content.Count; i++)
        {
            answer.Content.WriteDelta(i, pipe);
            if ((i + 1) % flushEvery == 0)
            {
                var r = await pipe.FlushAsync(ctx.RequestAborted);
                if (r.IsCompleted || r.IsCanceled)
                {
                    return;
                }
            }
        }
        pipe.Write(tail);
        await pipe.FlushAsync(ctx.RequestAborted);
    }

    private static (byte[] Head, byte[] Tail) SplitAroundContent(ChatAnswer answer)
    {
        var json = Json.Build(answer.WriteCompletion);
        var marker = Encoding.UTF8.GetBytes(ChatAnswer.ContentPlaceholder);
        int at = json.AsSpan().IndexOf(marker);
        if (at < 0)
        {
            return (json, Array.Empty<byte>());
        }

        return (json[..at], json[(at + marker.Length)..]);
    }
}
