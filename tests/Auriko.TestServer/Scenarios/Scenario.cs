namespace Auriko.TestServer;

/// <summary>
/// One queued behaviour. The C# twin of a JSON item posted to <c>/_test/scenarios</c>
/// (snake_case names there: <c>retry_after</c>, <c>delay_ms</c>, ...). A request takes the first
/// queued scenario whose <see cref="Path"/> prefix matches; when none matches it is served normally.
/// Only the members a kind uses matter; the rest are ignored.
/// </summary>
public sealed class Scenario
{
    public Scenario() { }

    public Scenario(string kind) => Kind = kind;

    /// <summary>One of <see cref="ScenarioKinds"/>.</summary>
    public string Kind { get; set; } = ScenarioKinds.Ok;

    /// <summary>Path prefix filter, e.g. "/v1/chat/completions" (a prefix without "/v1" also works). Null = any /v1 path.</summary>
    public string? Path { get; set; }

    /// <summary>How many requests it applies to; -1 = until reset.</summary>
    public int Times { get; set; } = 1;

    /// <summary>
    /// Text the request body must contain (ordinal, UTF-8), so a scenario picks one item of a batch,
    /// e.g. one prompt. Null = any request on <see cref="Path"/>.
    /// </summary>
    public string? Match { get; set; }

    // ---- error ----
    /// <summary>HTTP status (error; default from the code's era table, else 500).</summary>
    public int? Status { get; set; }
    public string? Code { get; set; }
    public string? Type { get; set; }
    public string? Message { get; set; }
    public string? Param { get; set; }
    /// <summary>error.provider and X-Error-Provider.</summary>
    public string? Provider { get; set; }
    /// <summary>Retry-After header in seconds.</summary>
    public int? RetryAfter { get; set; }
    /// <summary>Retry-After header sent verbatim (an HTTP date, garbage...); wins over <see cref="RetryAfter"/>.</summary>
    public string? RetryAfterRaw { get; set; }
    /// <summary>X-Error-Retryable; default true for 408/409/429 (non-budget)/5xx.</summary>
    public bool? Retryable { get; set; }
    /// <summary>Serve an HTML proxy error page (no Auriko headers) instead of the JSON envelope.</summary>
    public bool Html { get; set; }
    /// <summary>Content-Type to send (error: label of the body; content_type kind: the unexpected type).</summary>
    public string? ContentType { get; set; }
    /// <summary>Literal body to send instead of the generated one (error, content_type).</summary>
    public string? Body { get; set; }
    /// <summary>X-Budget-Exceeded-Period for budget codes (default monthly).</summary>
    public string? BudgetPeriod { get; set; }
    /// <summary>X-Budget-Exceeded-Scope for budget codes (default workspace).</summary>
    public string? BudgetScope { get; set; }
    /// <summary>Extra response headers (set last, so they can override generated ones).</summary>
    public IDictionary<string, string>? Headers { get; set; }

    // ---- stream / body faults ----
    /// <summary>Content deltas sent before the fault (mid_stream_error, cut, silent_after; default 2).</summary>
    public int? After { get; set; }
    /// <summary>trickle: number of content deltas (default 10); also an emulator override for any kind.</summary>
    public int? Chunks { get; set; }
    /// <summary>trickle: delay before each delta in ms (default 200); also an emulator override for any kind.</summary>
    public int? DelayMs { get; set; }
    /// <summary>invalid_utf8 / invalid_json: "body" or "event" (default: event for stream requests, body otherwise).</summary>
    public string? Where { get; set; }
    /// <summary>large_body: content size in bytes (default 128 MiB).</summary>
    public long? Bytes { get; set; }
    /// <summary>content_type: the content type; envelope: bare|data|plural.</summary>
    public string? Value { get; set; }
    /// <summary>List envelope for list endpoints: "bare", "data" (default) or "plural".</summary>
    public string? Envelope { get; set; }
    /// <summary>cut: abort the connection instead of ending the response cleanly.</summary>
    public bool Abort { get; set; }
    /// <summary>mid_stream_error: send data: [DONE] after the error event.</summary>
    public bool Done { get; set; }
    /// <summary>answer_text: the answer's text, sent verbatim (streamed or not) instead of the echo or the generated JSON.</summary>
    public string? Text { get; set; }

    // ---- events ----
    /// <summary>
    /// events: the SSE data payloads to send verbatim, one event each, as a third-party server would
    /// (include "[DONE]" to end the stream properly). <see cref="DelayMs"/> waits before each.
    /// </summary>
    public IList<string>? Events { get; set; }

    /// <summary>Stream shape overrides (same as the request body's "emulator" object).</summary>
    public EmulatorOptions? Emulator { get; set; }

    // ---- convenience factories ----
    public static Scenario Ok(EmulatorOptions? emulator = null, string? path = null) =>
        new(ScenarioKinds.Ok) { Emulator = emulator, Path = path };

    public static Scenario Error(int status, string? code = null, string? message = null, int? retryAfter = null, string? path = null) =>
        new(ScenarioKinds.Error) { Status = status, Code = code, Message = message, RetryAfter = retryAfter, Path = path };

    public static Scenario RateLimitThenOk(int retryAfterSeconds = 1, string? path = null) =>
        new(ScenarioKinds.RateLimitThenOk) { RetryAfter = retryAfterSeconds, Path = path };

    public override string ToString() => $"{Kind} (path {Path ?? "*"}, times {Times})";

    /// <summary>The emulator options this scenario implies, on top of the request's own.</summary>
    internal EmulatorOptions ImpliedOptions()
    {
        var o = new EmulatorOptions { Chunks = Chunks, DelayMs = DelayMs };
        switch (Kind)
        {
            case ScenarioKinds.Trickle:
                o.Chunks ??= 10;
                o.DelayMs ??= 200;
                break;
            case ScenarioKinds.Comments: o.Comments = true; break;
            case ScenarioKinds.Crlf: o.Crlf = true; break;
            case ScenarioKinds.SplitWrites: o.SplitWrites = true; break;
            case ScenarioKinds.UsageSeparateChunk: o.UsageSeparateChunk = true; break;
            case ScenarioKinds.NoProviderHeaders: o.NoProviderHeaders = true; break;
            case ScenarioKinds.ToolCalls: o.ToolCalls = true; break;
            case ScenarioKinds.Reasoning: o.Reasoning = true; break;
            case ScenarioKinds.LargeBody: o.ContentBytes = Bytes ?? 128L * 1024 * 1024; break;
            case ScenarioKinds.AnswerText: o.AnswerText = Text ?? ""; break;
        }
        return EmulatorOptions.Merge(o, Emulator);
    }

    internal Scenario Clone() => (Scenario)MemberwiseClone();
}
