using System.Buffers;
using System.Text;
using System.Text.Json;
using Auriko.TestServer.Api;
using Auriko.TestServer.Endpoints;

namespace Auriko.TestServer.Sse;

/// <summary>
/// Streams one chat answer as SSE ("Streaming (SSE)" in src/Auriko/README.md): role chunk, reasoning deltas,
/// content deltas, tool-call deltas split into fragments, finish chunk with usage and
/// routing_metadata (or a separate usage chunk), then data: [DONE]. Stream faults from a
/// scenario (cut, silence, error event, broken events) are injected at the requested point.
/// With <c>n</c> > 1 the further choices' deltas follow each of choice 0's, in chunks of their
/// own with their index (as OpenAI interleaves them), and each choice gets its own finish chunk.
/// </summary>
internal sealed class ChatStreamer
{
    private readonly HttpContext _ctx;
    private readonly EmulatorState _state;
    private readonly ChatAnswer _answer;
    private readonly Scenario? _fault;
    private readonly CancellationToken _ct;
    private readonly SseWriter _sse;
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _contentPrefix;
    private readonly byte[] _contentSuffix;
    private readonly byte[][] _extraPrefixes;

    public ChatStreamer(HttpContext ctx, EmulatorState state, ChatAnswer answer, Scenario? fault)
    {
        _ctx = ctx;
        _state = state;
        _answer = answer;
        _fault = fault;
        _ct = ctx.RequestAborted;
        _sse = new SseWriter(ctx.Response.BodyWriter, answer.Options, _ct);
        _json = new Utf8JsonWriter(ctx.Response.BodyWriter, Json.WriterOptions);

        // Pre-serialised template around each content delta: the hot loop of a 20,000-chunk
        // stream only copies these bytes and the delta text.
        var head = Encoding.UTF8.GetString(Json.Build(w => WriteChunkHead(w)));
        _contentPrefix = Encoding.UTF8.GetBytes(head + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
        _contentSuffix = "\"},\"finish_reason\":null}]}"u8.ToArray();
        _extraPrefixes = answer.ExtraAnswers
            .Select((_, k) => Encoding.UTF8.GetBytes(head + ",\"choices\":[{\"index\":" + (k + 1) + ",\"delta\":{\"content\":\""))
            .ToArray();
    }

    public async Task RunAsync()
    {
        var res = _ctx.Response;
        res.StatusCode = 200;
        res.ContentType = "text/event-stream; charset=utf-8";
        res.Headers.CacheControl = "no-cache";
        res.Headers["X-Accel-Buffering"] = "no";
        await res.StartAsync(_ct);

        if (_fault?.Kind == ScenarioKinds.HeadersThenSilence)
        {
            await res.BodyWriter.FlushAsync(_ct);
            await Waiting.UntilClientGoesAwayAsync(_ctx, _state);
            return;
        }

        await _sse.WriteOpeningAsync();
        await WriteChunkAsync(w => { w.WriteString("role", "assistant"); if (_answer.ToolCalls.Count > 0)
            {
                w.WriteNull("content");
            }
            else
            {
                w.WriteString("content", "");
            }
        }, null);
        for (int k = 1; k <= _answer.ExtraAnswers.Count; k++)
        {
            await WriteChunkAsync(w => { w.WriteString("role", "assistant"); w.WriteString("content", ""); }, null, index: k);
        }

        if (_answer.Reasoning is { } reasoning)
        {
            foreach (var piece in SplitWords(reasoning))
            {
                await WriteChunkAsync(w => w.WriteString("reasoning_content", piece), null);
            }
        }

        if (_fault?.Kind == ScenarioKinds.InvalidJson)
        {
            await _sse.WriteRawEventAsync(Encoding.UTF8.GetBytes($"{{\"id\":\"{_answer.Id}\",\"object\":\"chat.completion.chunk\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"broken"));
        }

        if (_fault?.Kind == ScenarioKinds.InvalidUtf8)
        {
            var w = _sse.BeginEvent();
            w.Write(_contentPrefix);
            w.Write(JsonResponder.InvalidUtf8Bytes);
            w.Write(_contentSuffix);
            await _sse.EndEventAsync();
        }

        int after = _fault?.After ?? 2;
        bool hasFaultPoint = _fault?.Kind is ScenarioKinds.Cut or ScenarioKinds.MidStreamError or ScenarioKinds.SilentAfter;
        int delay = _answer.Options.DelayMs ?? 0;
        var content = _answer.Content;
        for (int i = 0; i < content.Count; i++)
        {
            if (hasFaultPoint && i == after)
            {
                await FaultAsync();
                return;
            }
            if (delay > 0)
            {
                await Task.Delay(delay, _ct);
            }

            var w = _sse.BeginEvent();
            w.Write(_contentPrefix);
            content.WriteDelta(i, w);
            w.Write(_contentSuffix);
            await _sse.EndEventAsync();
            if (_extraPrefixes.Length > 0)
            {
                await WriteExtraDeltasAsync(i);
            }
        }
        // Further choices longer than choice 0 finish their text after it.
        int longest = _answer.ExtraAnswers.Select(a => a.Content.Count).DefaultIfEmpty(0).Max();
        for (int i = content.Count; i < longest; i++)
        {
            await WriteExtraDeltasAsync(i);
        }

        if (hasFaultPoint)
        {
            await FaultAsync();
            return;
        }

        foreach (var (call, index) in _answer.ToolCalls.Select((c, i) => (c, i)))
        {
            await WriteChunkAsync(w => WriteToolDelta(w, index, call.Id, call.Name, ""), null);
            foreach (var fragment in SplitInThree(call.Arguments))
            {
                await WriteChunkAsync(w => WriteToolDelta(w, index, null, null, fragment), null);
            }
        }

        for (int k = 1; k <= _answer.ExtraAnswers.Count; k++)
        {
            await WriteChunkAsync(_ => { }, "stop", index: k);
        }

        bool separate = _answer.Options.UsageSeparateChunk == true;
        await WriteChunkAsync(_ => { }, _answer.FinishReason, withUsage: !separate);
        if (separate)
        {
            await WriteUsageOnlyChunkAsync();
        }

        await _sse.WriteDoneAsync();
    }

    private async Task FaultAsync()
    {
        switch (_fault!.Kind)
        {
            case ScenarioKinds.MidStreamError:
                var error = ApiError.FromScenario(_fault, 502, "upstream_error");
                error.Provider ??= _answer.Request.Provider;
                var w = _sse.BeginEvent();
                _json.Reset(w);
                ErrorWriter.WriteEnvelope(_json, error);
                _json.Flush();
                await _sse.EndEventAsync();
                if (_fault.Done)
                {
                    await _sse.WriteDoneAsync();
                }

                return;
            case ScenarioKinds.Cut:
                // Ends the HTTP response cleanly (terminating chunk) but without [DONE], unless abort.
                if (_fault.Abort)
                {
                    _ctx.Abort();
                }

                return;
            case ScenarioKinds.SilentAfter:
                await Waiting.UntilClientGoesAwayAsync(_ctx, _state);
                return;
        }
    }

    private void WriteChunkHead(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id", _answer.Id);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", _answer.Created);
        w.WriteString("model", _answer.Model);
        // Left open: callers continue with "choices".
        w.Flush();
    }

    /// <summary>Delta <paramref name="i"/> of every further choice that has one.</summary>
    private async ValueTask WriteExtraDeltasAsync(int i)
    {
        for (int k = 0; k < _extraPrefixes.Length; k++)
        {
            var extra = _answer.ExtraAnswers[k].Content;
            if (i >= extra.Count)
            {
                continue;
            }

            var w = _sse.BeginEvent();
            w.Write(_extraPrefixes[k]);
            extra.WriteDelta(i, w);
            w.Write(_contentSuffix);
            await _sse.EndEventAsync();
        }
    }

    private async ValueTask WriteChunkAsync(Action<Utf8JsonWriter> writeDelta, string? finishReason, bool withUsage = false, int index = 0)
    {
        var target = _sse.BeginEvent();
        _json.Reset(target);
        _json.WriteStartObject();
        _json.WriteString("id", _answer.Id);
        _json.WriteString("object", "chat.completion.chunk");
        _json.WriteNumber("created", _answer.Created);
        _json.WriteString("model", _answer.Model);
        _json.WriteStartArray("choices");
        _json.WriteStartObject();
        _json.WriteNumber("index", index);
        _json.WriteStartObject("delta");
        writeDelta(_json);
        _json.WriteEndObject();
        if (finishReason is null)
        {
            _json.WriteNull("finish_reason");
        }
        else
        {
            _json.WriteString("finish_reason", finishReason);
        }

        _json.WriteEndObject();
        _json.WriteEndArray();
        if (withUsage)
        {
            _answer.WriteUsage(_json);
            _answer.WriteRoutingMetadata(_json);
        }
        _json.WriteEndObject();
        _json.Flush();
        await _sse.EndEventAsync();
    }

    /// <summary>OpenAI-style trailing chunk: choices: [] with usage (and routing_metadata).</summary>
    private async ValueTask WriteUsageOnlyChunkAsync()
    {
        var target = _sse.BeginEvent();
        _json.Reset(target);
        _json.WriteStartObject();
        _json.WriteString("id", _answer.Id);
        _json.WriteString("object", "chat.completion.chunk");
        _json.WriteNumber("created", _answer.Created);
        _json.WriteString("model", _answer.Model);
        _json.WriteStartArray("choices");
        _json.WriteEndArray();
        _answer.WriteUsage(_json);
        _answer.WriteRoutingMetadata(_json);
        _json.WriteEndObject();
        _json.Flush();
        await _sse.EndEventAsync();
    }

    private static void WriteToolDelta(Utf8JsonWriter w, int index, string? id, string? name, string arguments)
    {
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", index);
        if (id is not null)
        {
            w.WriteString("id", id);
            w.WriteString("type", "function");
        }
        w.WriteStartObject("function");
        if (name is not null)
        {
            w.WriteString("name", name);
        }

        w.WriteString("arguments", arguments);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static IEnumerable<string> SplitWords(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ' && (i + 1 == text.Length || text[i + 1] != ' '))
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    private static IEnumerable<string> SplitInThree(string s)
    {
        int a = s.Length / 3, b = 2 * s.Length / 3;
        if (a > 0)
        {
            yield return s[..a];
        }

        if (b > a)
        {
            yield return s[a..b];
        }

        yield return s[b..];
    }
}
