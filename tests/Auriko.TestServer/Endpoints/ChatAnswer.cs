using System.Text.Json;
using Auriko.TestServer.Sse;

namespace Auriko.TestServer.Endpoints;

/// <summary>
/// Everything about one answer that both the JSON and the SSE writers need: ids, content plan,
/// reasoning, tool calls, usage and routing metadata (both cost field names, so clients of either
/// documentation era find theirs). With <c>n</c> > 1 the further choices carry text only
/// (<see cref="ExtraAnswers"/>): the echo marked "(answer k)", or their own generated JSON.
/// </summary>
internal sealed class ChatAnswer
{
    /// <summary>A further choice: its text (for JSON answers) and the same text as stream deltas.</summary>
    public sealed record ExtraAnswer(string Text, ContentPlan Content);

    public ChatAnswer(ChatRequest request, EmulatorOptions options, string completionId)
    {
        Request = request;
        Options = options;
        Id = completionId;
        Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        ToolCalls = request.PlanToolCalls(completionId, options);
        Reasoning = request.Reasoning || options.Reasoning == true
            ? $"The user said \"{request.Source}\" in a conversation of {request.MessageCount} messages; echo it back."
            : null;

        if (ToolCalls.Count > 0)
        {
            Content = new TextContentPlan("", 0);
        }
        else if (options.Timestamps == true)
        {
            Content = new TimestampContentPlan(options.Chunks ?? 10);
        }
        else if (options.ContentBytes is { } bytes)
        {
            Content = new FillerContentPlan(bytes, options.Chunks);
        }
        else
        {
            Content = TextPlan(AnswerText(1));
        }

        ExtraAnswers = Enumerable.Range(2, Math.Max(0, request.ChoiceCount - 1))
            .Select(k => AnswerText(k))
            .Select(text => new ExtraAnswer(text, TextPlan(text)))
            .ToList();

        long toolChars = ToolCalls.Sum(c => c.Name.Length + c.Arguments.Length);
        ReasoningTokens = Reasoning is null ? 0 : (Reasoning.Length + 3) / 4;
        long contentTokens = (Content.TotalBytes + 3) / 4 + (toolChars + 3) / 4 + ToolCalls.Count * 5
            + ExtraAnswers.Sum(a => (a.Content.TotalBytes + 3) / 4);
        CompletionTokens = (int)Math.Min(int.MaxValue, contentTokens + ReasoningTokens);
        FinishReason = ToolCalls.Count > 0 ? "tool_calls" : "stop";
    }

    public ChatRequest Request { get; }
    public EmulatorOptions Options { get; }
    public string Id { get; }
    public long Created { get; }
    public string Model => Request.ProviderModelId;
    public ContentPlan Content { get; }
    /// <summary>Choices 1..n-1 (empty unless the request asked for <c>n</c> > 1).</summary>
    public List<ExtraAnswer> ExtraAnswers { get; }
    public string? Reasoning { get; }
    public List<ToolCallPlan> ToolCalls { get; }
    public int ReasoningTokens { get; }
    public int CompletionTokens { get; }
    public string FinishReason { get; }

    /// <summary>Answer k's text: the scenario's verbatim text, JSON for a JSON response format, else the echo.</summary>
    private string AnswerText(int answer)
    {
        if (Options.AnswerText is { } verbatim)
        {
            return verbatim;
        }

        var echo = answer == 1 ? Request.EchoText : $"{Request.EchoText} (answer {answer})";
        return Request.ResponseFormatType switch
        {
            "json_schema" => SchemaAnswer.Generate(Request.ResponseSchema, answer),
            "json_object" => SchemaAnswer.JsonObject(echo, answer),
            _ => echo,
        };
    }

    /// <summary>Text in words (or the requested number of pieces); JSON without spaces in a few pieces, so streams split it.</summary>
    private TextContentPlan TextPlan(string text)
    {
        int? chunks = Options.Chunks;
        if (chunks is null && Request.ResponseFormatType is not null && Options.AnswerText is null)
        {
            chunks = Math.Min(4, text.Length);
        }

        return new TextContentPlan(text, chunks);
    }

    public double CostUsd
    {
        get
        {
            double inPrice = Request.Offer?.InputPer1M ?? 1.0, outPrice = Request.Offer?.OutputPer1M ?? 2.0;
            return Math.Round((Request.PromptTokens * inPrice + CompletionTokens * outPrice) / 1_000_000.0, 8);
        }
    }

    public void WriteUsage(Utf8JsonWriter w)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", Request.PromptTokens);
        w.WriteNumber("completion_tokens", CompletionTokens);
        w.WriteNumber("total_tokens", (long)Request.PromptTokens + CompletionTokens);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", 0);
        w.WriteNumber("text_tokens", Request.PromptTokens);
        w.WriteNumber("image_tokens", 0);
        w.WriteNumber("audio_tokens", 0);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", ReasoningTokens);
        w.WriteNumber("text_tokens", CompletionTokens - ReasoningTokens);
        w.WriteNumber("image_tokens", 0);
        w.WriteNumber("audio_tokens", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public void WriteRoutingMetadata(Utf8JsonWriter w)
    {
        var r = Request;
        w.WriteStartObject("routing_metadata");
        w.WriteString("provider", r.Provider);
        w.WriteString("provider_model_id", r.ProviderModelId);
        w.WriteString("tier", "standard");
        w.WriteString("model_canonical", r.ModelCanonical);
        w.WriteString("routing_strategy", r.Strategy);
        w.WriteNumber("total_latency_ms", 640);
        w.WriteNumber("ttft_ms", 210);
        w.WriteNumber("throughput_tps", 41.5);
        w.WriteNumber("candidates_total", r.CandidatesTotal);
        w.WriteNumber("candidates_viable", r.CandidatesViable);
        w.WriteNumber("routing_decision_ms", 1.7);
        w.WriteStartObject("cost");
        w.WriteNumber("input_tokens", r.PromptTokens);
        w.WriteNumber("output_tokens", CompletionTokens);
        w.WriteNumber("billable_cost_usd", CostUsd);
        w.WriteNumber("usd", CostUsd);
        w.WriteEndObject();
        w.WriteStartArray("warnings");
        foreach (var warning in r.Warnings)
        {
            if (warning.AsString)
            {
                w.WriteStringValue(warning.Message);
                continue;
            }
            w.WriteStartObject();
            if (warning.Code is not null)
            {
                w.WriteString("code", warning.Code);
            }

            w.WriteString("message", warning.Message);
            if (warning.Param is not null)
            {
                w.WriteString("param", warning.Param);
            }

            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The non-streaming body with a placeholder where the content string goes.</summary>
    public const string ContentPlaceholder = "@@auriko-emulator-content@@";

    public void WriteCompletion(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id", Id);
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", Created);
        w.WriteString("model", Model);
        w.WriteString("system_fingerprint", "fp_emu_1");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        if (ToolCalls.Count > 0)
        {
            w.WriteNull("content");
        }
        else
        {
            w.WriteString("content", ContentPlaceholder);
        }

        if (Reasoning is null)
        {
            w.WriteNull("reasoning_content");
        }
        else
        {
            w.WriteString("reasoning_content", Reasoning);
        }

        if (ToolCalls.Count > 0)
        {
            w.WriteStartArray("tool_calls");
            foreach (var call in ToolCalls)
            {
                w.WriteStartObject();
                w.WriteString("id", call.Id);
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", call.Name);
                w.WriteString("arguments", call.Arguments);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", FinishReason);
        w.WriteEndObject();
        for (int k = 0; k < ExtraAnswers.Count; k++)
        {
            w.WriteStartObject();
            w.WriteNumber("index", k + 1);
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteString("content", ExtraAnswers[k].Text);
            w.WriteNull("reasoning_content");
            w.WriteEndObject();
            w.WriteNull("logprobs");
            w.WriteString("finish_reason", "stop");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteUsage(w);
        WriteRoutingMetadata(w);
        w.WriteEndObject();
    }
}
