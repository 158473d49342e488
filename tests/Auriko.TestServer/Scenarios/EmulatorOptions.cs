namespace Auriko.TestServer;

/// <summary>
/// Shape of one chat answer (mostly of a stream). Set per request with the extra top-level body
/// field <c>"emulator": {...}</c> (or <c>auriko_metadata.emulator</c>), or per queued scenario.
/// Every member is nullable so a scenario can override only what it names.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>Number of content deltas (stream) / pieces the content is made of.</summary>
    public int? Chunks { get; set; }

    /// <summary>Delay before each content delta, in ms (0 = no delay at all, not even a yield).
    /// For a non-streaming answer: delay before the response starts.</summary>
    public int? DelayMs { get; set; }

    /// <summary>Total content size in bytes: ASCII filler generated on the fly (no big string).</summary>
    public long? ContentBytes { get; set; }

    /// <summary>Each content delta's text is the server's send time, Unix ms with 3 decimals, then a space.</summary>
    public bool? Timestamps { get; set; }

    /// <summary>Usage and routing_metadata on a separate last chunk with <c>choices: []</c>.</summary>
    public bool? UsageSeparateChunk { get; set; }

    /// <summary>CRLF line ends in the SSE stream.</summary>
    public bool? Crlf { get; set; }

    /// <summary>SSE comment lines (": ...") before the first event and before every event.</summary>
    public bool? Comments { get; set; }

    /// <summary>Extra SSE fields the client must ignore: <c>retry:</c> first, then <c>event: message</c> and <c>id:</c> on each event.</summary>
    public bool? SseFields { get; set; }

    /// <summary>Write each SSE event in three separately flushed pieces with short pauses.</summary>
    public bool? SplitWrites { get; set; }

    /// <summary>Omit X-Provider-Used and X-Routing-Strategy (clients fall back to routing_metadata).</summary>
    public bool? NoProviderHeaders { get; set; }

    /// <summary>Add reasoning_content (message) / reasoning deltas (stream).</summary>
    public bool? Reasoning { get; set; }

    /// <summary>Answer with tool calls even if the request would not trigger them.</summary>
    public bool? ToolCalls { get; set; }

    /// <summary>Number of tool calls when tool calls are produced (default 1).</summary>
    public int? ToolCallCount { get; set; }

    /// <summary>The answer's text, verbatim, for every choice: e.g. text that is not the JSON a schema asked for.</summary>
    public string? AnswerText { get; set; }

    /// <summary>
    /// The tool calls to make, in order, whenever the answer is a tool-call answer (see
    /// <see cref="ToolRounds"/>). A name need not be among the tools offered, so a client's refusal of
    /// an unknown tool can be tested. JSON: <c>"tool_plan": [{"name": "Get-Thing", "arguments": {"Id": 3}}]</c>;
    /// <c>arguments</c> may also be a string, sent verbatim (malformed JSON included).
    /// </summary>
    public IReadOnlyList<PlannedToolCall>? ToolPlan { get; set; }

    /// <summary>
    /// With <see cref="ToolPlan"/>: how many answers in a row, counted from the last user message,
    /// are tool-call answers (default 1). After that many, the answer is text echoing the tool results.
    /// A large value keeps a client's tool loop going until its own limit stops it.
    /// </summary>
    public int? ToolRounds { get; set; }

    /// <summary>Values set in <paramref name="overrides"/> win over <paramref name="baseline"/>.</summary>
    internal static EmulatorOptions Merge(EmulatorOptions? baseline, EmulatorOptions? overrides)
    {
        var b = baseline ?? new EmulatorOptions();
        var o = overrides ?? new EmulatorOptions();
        return new EmulatorOptions
        {
            Chunks = o.Chunks ?? b.Chunks,
            DelayMs = o.DelayMs ?? b.DelayMs,
            ContentBytes = o.ContentBytes ?? b.ContentBytes,
            Timestamps = o.Timestamps ?? b.Timestamps,
            UsageSeparateChunk = o.UsageSeparateChunk ?? b.UsageSeparateChunk,
            Crlf = o.Crlf ?? b.Crlf,
            Comments = o.Comments ?? b.Comments,
            SseFields = o.SseFields ?? b.SseFields,
            SplitWrites = o.SplitWrites ?? b.SplitWrites,
            NoProviderHeaders = o.NoProviderHeaders ?? b.NoProviderHeaders,
            Reasoning = o.Reasoning ?? b.Reasoning,
            ToolCalls = o.ToolCalls ?? b.ToolCalls,
            ToolCallCount = o.ToolCallCount ?? b.ToolCallCount,
            AnswerText = o.AnswerText ?? b.AnswerText,
            ToolPlan = o.ToolPlan ?? b.ToolPlan,
            ToolRounds = o.ToolRounds ?? b.ToolRounds,
        };
    }
}

/// <summary>One entry of <see cref="EmulatorOptions.ToolPlan"/>: a function name and its arguments as JSON text.</summary>
public sealed record PlannedToolCall(string Name, string Arguments);
