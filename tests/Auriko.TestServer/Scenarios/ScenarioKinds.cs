namespace Auriko.TestServer;

/// <summary>The scenario kinds the emulator understands (wire names of <see cref="Scenario.Kind"/>).</summary>
public static class ScenarioKinds
{
    public const string Ok = "ok";
    public const string Error = "error";
    public const string RateLimitThenOk = "rate_limit_then_ok";
    public const string MidStreamError = "mid_stream_error";
    public const string Cut = "cut";
    public const string Hang = "hang";
    public const string HeadersThenSilence = "headers_then_silence";
    public const string SilentAfter = "silent_after";
    public const string Trickle = "trickle";
    public const string Reset = "reset";
    public const string InvalidUtf8 = "invalid_utf8";
    public const string InvalidJson = "invalid_json";
    public const string LargeBody = "large_body";
    public const string ContentType = "content_type";
    public const string Comments = "comments";
    public const string Crlf = "crlf";
    public const string SplitWrites = "split_writes";
    public const string UsageSeparateChunk = "usage_separate_chunk";
    public const string NoProviderHeaders = "no_provider_headers";
    public const string ToolCalls = "tool_calls";
    public const string Reasoning = "reasoning";
    public const string Envelope = "envelope";
    /// <summary>A 200 event stream of the scenario's literal <see cref="Scenario.Events"/> payloads.</summary>
    public const string Events = "events";
    public const string AnswerText = "answer_text";

    /// <summary>All kinds, for validation and error messages.</summary>
    public static IReadOnlyList<string> All { get; } = new[]
    {
        Ok, Error, RateLimitThenOk, MidStreamError, Cut, Hang, HeadersThenSilence, SilentAfter, Trickle,
        Reset, InvalidUtf8, InvalidJson, LargeBody, ContentType, Comments, Crlf, SplitWrites,
        UsageSeparateChunk, NoProviderHeaders, ToolCalls, Reasoning, Envelope, AnswerText,
        Events,
    };
}
