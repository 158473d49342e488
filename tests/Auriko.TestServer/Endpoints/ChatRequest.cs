using System.Text.Json;
using System.Text.RegularExpressions;
using Auriko.TestServer.Api;
using Auriko.TestServer.Data;
using Auriko.TestServer.Scenarios;

namespace Auriko.TestServer.Endpoints;

/// <summary>A planned tool call: what the model "decided" to call.</summary>
internal sealed record ToolCallPlan(string Id, string Name, string Arguments);

/// <summary>An image part of a user message: the data URL's MIME type (or "url" for a link) and the detail asked for.</summary>
internal sealed record ImageInfo(string Kind, string? Detail);

/// <summary>A routing_metadata warning: a plain string or a structured {code,message,param} object.</summary>
internal sealed record Warning(string? Code, string Message, string? Param, bool AsString);

/// <summary>
/// A validated chat completion request, reduced to what the emulator needs to answer. Accepts
/// both wire shapes: Era A top-level routing/models/auriko_metadata and Era B/C
/// gateway.{routing,models,metadata}; the gateway object wins when both are present.
/// </summary>
internal sealed partial class ChatRequest
{
    /// <summary>Union of both documentation eras' optimize values ("Two documentation eras" in src/Auriko/README.md).</summary>
    public static readonly string[] Strategies =
        { "cost", "cheapest", "speed", "ttft", "throughput", "balanced", "cost-focus", "ttft-focus", "tps", "tps-focus" };

    /// <summary>Model suffix shortcuts of both eras (":floor" etc. are Era A spellings).</summary>
    private static readonly Dictionary<string, string> Suffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["floor"] = "cheapest", ["cost"] = "cost", ["nitro"] = "speed", ["fast"] = "ttft", ["balanced"] = "balanced",
        ["cheapest"] = "cheapest", ["speed"] = "speed", ["ttft"] = "ttft", ["throughput"] = "throughput",
        ["cost-focus"] = "cost-focus", ["ttft-focus"] = "ttft-focus", ["tps"] = "tps", ["tps-focus"] = "tps-focus",
    };

    private static readonly string[] ExtraCities = { "London", "Tokyo", "New York", "Sydney" };

    public bool Stream { get; private set; }
    public string ModelCanonical { get; private set; } = "";
    public string Strategy { get; private set; } = "balanced";
    public int MessageCount { get; private set; }
    /// <summary>Text of the last user/tool message: what the answer echoes.</summary>
    public string Source { get; private set; } = "";
    public string EchoText => $"Echo ({MessageCount} messages): {Source}{ImageSummary}";
    /// <summary>The image parts of the last user message, echoed so tests can see what arrived.</summary>
    public List<ImageInfo> Images { get; private set; } = new();
    /// <summary>How many answers to give (<c>n</c>).</summary>
    public int ChoiceCount { get; private set; } = 1;
    /// <summary><c>json_object</c>, <c>json_schema</c>, or null for text.</summary>
    public string? ResponseFormatType { get; private set; }
    /// <summary>The schema of a json_schema response format (a clone that outlives the request document).</summary>
    public JsonElement ResponseSchema { get; private set; }
    public bool Reasoning { get; private set; }
    public bool WantsToolCalls { get; private set; }
    /// <summary>tool_choice is "none": no tool calls whatever the emulator options say.</summary>
    public bool ToolsDisabled { get; private set; }
    /// <summary>Assistant messages with tool calls since the last user message: the tool rounds so far.</summary>
    public int ToolRoundsSinceUser { get; private set; }
    public string? ForcedToolName { get; private set; }
    public List<string> ToolNames { get; } = new();
    public List<Warning> Warnings { get; } = new();
    public EmulatorOptions Emulator { get; private set; } = new();
    public int PromptTokens { get; private set; }
    public string Provider { get; private set; } = "openai";
    public string ProviderModelId { get; private set; } = "";
    public ProviderOffer? Offer { get; private set; }
    public int CandidatesTotal { get; private set; }
    public int CandidatesViable { get; private set; }

    public static ChatRequest Parse(byte[] body, out ApiError? error)
    {
        var r = new ChatRequest();
        error = null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            error = Invalid($"Request body is not valid JSON: {e.Message}", null);
            return r;
        }
        using (doc)
        {
            error = r.Read(doc.RootElement);
        }
        return r;
    }

    private ApiError? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("Request body must be a JSON object.", null);
        }

        // ---- messages ----
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
        {
            return new ApiError(400, "missing_required_parameter", "Missing required parameter: 'messages'.", "messages");
        }

        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return Invalid("'messages' must be a non-empty array.", "messages");
        }

        int i = 0;
        string lastRole = "";
        foreach (var m in messages.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                return Invalid($"messages[{i}] must be an object with a string 'role'.", $"messages[{i}].role");
            }

            var previousRole = lastRole;
            lastRole = role.GetString()!;
            var text = TextOf(m);
            // Consecutive tool messages (the results of one round) are echoed together.
            if (lastRole == "tool" && previousRole == "tool")
            {
                Source += " | " + text;
            }
            else if (lastRole is "user" or "tool")
            {
                Source = text;
            }

            if (lastRole == "user")
            {
                ToolRoundsSinceUser = 0;
            }
            else if (lastRole == "assistant" && m.TryGetProperty("tool_calls", out var calls)
                && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
            {
                ToolRoundsSinceUser++;
            }

            var images = new List<ImageInfo>();
            if (ReadImages(m, i, images) is { } imageError)
            {
                return imageError;
            }

            if (lastRole == "user")
            {
                Images = images;
            }

            PromptTokens += 4 + (text.Length + 3) / 4;
            i++;
        }
        MessageCount = i;
        PromptTokens += 3;

        // ---- shape: gateway wins over top-level ----
        JsonElement gateway = default;
        bool hasGateway = root.TryGetProperty("gateway", out gateway) && gateway.ValueKind == JsonValueKind.Object;
        if (root.TryGetProperty("gateway", out var g) && g.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return Invalid("'gateway' must be an object.", "gateway");
        }

        JsonElement routing = default;
        string routingPath = "routing";
        if (hasGateway && gateway.TryGetProperty("routing", out var gr) && gr.ValueKind != JsonValueKind.Null)
        {
            routing = gr;
            routingPath = "gateway.routing";
            if (root.TryGetProperty("routing", out var tr) && tr.ValueKind != JsonValueKind.Null)
            {
                Warnings.Add(new Warning("ignored_parameter", "'routing' was ignored because 'gateway.routing' is present.", "routing", false));
            }
        }
        else if (root.TryGetProperty("routing", out var tr2) && tr2.ValueKind != JsonValueKind.Null)
        {
            routing = tr2;
        }
        if (routing.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
        {
            return Invalid($"'{routingPath}' must be an object.", routingPath);
        }

        JsonElement models = default;
        string modelsPath = "models";
        if (hasGateway && gateway.TryGetProperty("models", out var gm) && gm.ValueKind != JsonValueKind.Null)
        {
            models = gm;
            modelsPath = "gateway.models";
        }
        else if (root.TryGetProperty("models", out var tm) && tm.ValueKind != JsonValueKind.Null)
        {
            models = tm;
        }

        string? model = null;
        if (root.TryGetProperty("model", out var mEl) && mEl.ValueKind != JsonValueKind.Null)
        {
            if (mEl.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(mEl.GetString()))
            {
                return Invalid("'model' must be a non-empty string.", "model");
            }

            model = mEl.GetString()!;
        }

        // ---- model XOR models ----
        var modelList = new List<string>();
        if (models.ValueKind != JsonValueKind.Undefined)
        {
            if (models.ValueKind != JsonValueKind.Array)
            {
                return Invalid($"'{modelsPath}' must be an array of model ids.", modelsPath);
            }

            foreach (var item in models.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                {
                    return Invalid($"'{modelsPath}' must contain only non-empty strings.", modelsPath);
                }

                modelList.Add(item.GetString()!);
            }
        }
        if (model is not null && models.ValueKind != JsonValueKind.Undefined)
        {
            return Invalid($"'model' and '{modelsPath}' are mutually exclusive; specify one of them.", "model");
        }

        if (model is null && models.ValueKind == JsonValueKind.Undefined)
        {
            return new ApiError(400, "missing_required_parameter", "Missing required parameter: 'model' (or 'models').", "model");
        }

        if (model is null && (modelList.Count == 0 || modelList.Count > 10))
        {
            return Invalid($"'{modelsPath}' must contain between 1 and 10 model ids (got {modelList.Count}).", modelsPath);
        }

        // ---- routing strategy: weights > optimize > model suffix > default ----
        string? optimize = null;
        if (routing.ValueKind == JsonValueKind.Object)
        {
            if (routing.TryGetProperty("optimize", out var opt) && opt.ValueKind != JsonValueKind.Null)
            {
                optimize = opt.ValueKind == JsonValueKind.String ? opt.GetString() : opt.GetRawText();
                if (optimize is null || !Strategies.Contains(optimize))
                {
                    return Invalid($"Invalid value '{optimize}' for '{routingPath}.optimize'; valid values: {string.Join(", ", Strategies)}.", routingPath + ".optimize");
                }
            }
            if (routing.TryGetProperty("mode", out var mode) && mode.ValueKind != JsonValueKind.Null
                && !(mode.ValueKind == JsonValueKind.String && mode.GetString() is "pool" or "fallback"))
            {
                return Invalid($"Invalid value for '{routingPath}.mode'; valid values: pool, fallback.", routingPath + ".mode");
            }
        }

        var requested = model ?? modelList[0];
        string? suffixStrategy = null;
        if (requested.Count(c => c == ':') == 1)
        {
            var colon = requested.IndexOf(':');
            if (Suffixes.TryGetValue(requested[(colon + 1)..], out var st))
            {
                suffixStrategy = st;
                requested = requested[..colon];
            }
        }
        foreach (var name in model is null ? modelList : new List<string> { model })
        {
            if (name.Contains("missing", StringComparison.OrdinalIgnoreCase))
            {
                return new ApiError(404, "model_not_found", $"Model '{name}' was not found.", model is null ? modelsPath : "model") { Type = "not_found_error" };
            }
        }
        ModelCanonical = requested;
        Strategy = routing.ValueKind == JsonValueKind.Object && routing.TryGetProperty("weights", out var wts) && wts.ValueKind == JsonValueKind.Object
            ? "custom"
            : optimize ?? suffixStrategy ?? "balanced";

        ChooseProvider(routing);

        // ---- options that shape the answer ----
        if (root.TryGetProperty("stream", out var stream))
        {
            Stream = stream.ValueKind == JsonValueKind.True;
        }

        Emulator = ReadEmulatorOptions(root, hasGateway ? gateway : default);

        if (root.TryGetProperty("extensions", out var ext) && ext.ValueKind == JsonValueKind.Object
            && ext.TryGetProperty("thinking", out var thinking) && thinking.ValueKind == JsonValueKind.Object
            && thinking.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True)
        {
            Reasoning = true;
        }

        if (root.TryGetProperty("reasoning_effort", out var effort) && effort.ValueKind == JsonValueKind.String
            && effort.GetString() is not ("off" or "none" or ""))
        {
            Reasoning = true;
        }

        if (Emulator.Reasoning == true)
        {
            Reasoning = true;
        }

        ReadTools(root, lastRole);
        if (ReadChoiceCount(root) is { } nError)
        {
            return nError;
        }

        if (ReadResponseFormat(root) is { } formatError)
        {
            return formatError;
        }

        foreach (var dropped in new[] { "metadata", "prediction", "service_tier" })
        {
            if (!root.TryGetProperty(dropped, out _))
            {
                continue;
            }
            // Era A documents plain string warnings, the newest era structured ones: emit both kinds.
            Warnings.Add(dropped == "metadata"
                ? new Warning(null, "unsupported_field: metadata (use auriko_metadata instead)", null, true)
                : new Warning("unsupported_parameter", $"'{dropped}' is not supported and was ignored.", dropped, false));
        }
        return null;
    }

    private void ChooseProvider(JsonElement routing)
    {
        var info = Fixtures.FindModel(ModelCanonical);
        var offers = info?.Offers ?? Array.Empty<ProviderOffer>();
        var allowed = StringList(routing, "providers");
        var excluded = StringList(routing, "exclude_providers");
        var prefer = StringList(routing, "prefer");
        var viable = offers
            .Where(o => allowed.Count == 0 || allowed.Contains(o.Provider, StringComparer.OrdinalIgnoreCase))
            .Where(o => !excluded.Contains(o.Provider, StringComparer.OrdinalIgnoreCase))
            .ToList();
        CandidatesTotal = Math.Max(1, offers.Length);
        CandidatesViable = viable.Count;
        ProviderOffer? chosen = viable.FirstOrDefault(o => prefer.Contains(o.Provider, StringComparer.OrdinalIgnoreCase));
        if (chosen is null && Strategy is "cost" or "cheapest" or "cost-focus")
        {
            chosen = viable.OrderBy(o => o.InputPer1M + o.OutputPer1M).FirstOrDefault();
        }

        chosen ??= viable.FirstOrDefault();
        Offer = chosen;
        Provider = chosen?.Provider ?? allowed.FirstOrDefault() ?? offers.FirstOrDefault()?.Provider ?? "openai";
        ProviderModelId = chosen?.ProviderModelId ?? ModelCanonical;
    }

    private static EmulatorOptions ReadEmulatorOptions(JsonElement root, JsonElement gateway)
    {
        if (root.TryGetProperty("emulator", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            return ScenarioParser.ParseOptions(e);
        }

        if (root.TryGetProperty("auriko_metadata", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("emulator", out var me) && me.ValueKind == JsonValueKind.Object)
        {
            return ScenarioParser.ParseOptions(me);
        }

        if (gateway.ValueKind == JsonValueKind.Object && gateway.TryGetProperty("metadata", out var gmeta)
            && gmeta.ValueKind == JsonValueKind.Object && gmeta.TryGetProperty("emulator", out var ge) && ge.ValueKind == JsonValueKind.Object)
        {
            return ScenarioParser.ParseOptions(ge);
        }

        return new EmulatorOptions();
    }

    /// <summary>
    /// Tool calls happen when tools are offered and either tool_choice forces one ("required" or a
    /// named function) or, with "auto", the last message is a user message mentioning "weather"
    /// (a tool result as last message gets a text answer, so loops terminate).
    /// </summary>
    private void ReadTools(JsonElement root, string lastRole)
    {
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in tools.EnumerateArray())
            {
                if (t.ValueKind == JsonValueKind.Object && t.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object
                    && f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                {
                    ToolNames.Add(n.GetString()!);
                }
            }
        }
        string choice = "auto";
        if (root.TryGetProperty("tool_choice", out var tc))
        {
            if (tc.ValueKind == JsonValueKind.String)
            {
                choice = tc.GetString() ?? "auto";
            }
            else if (tc.ValueKind == JsonValueKind.Object && tc.TryGetProperty("function", out var f)
                && f.ValueKind == JsonValueKind.Object && f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            {
                ForcedToolName = n.GetString();
                choice = "function";
            }
        }
        if (choice == "none")
        {
            ToolsDisabled = true;
            return;
        }
        if (Emulator.ToolCalls == true)
        {
            WantsToolCalls = true;
        }

        if (ToolNames.Count == 0)
        {
            return;
        }

        if (choice is "required" or "function")
        {
            WantsToolCalls = true;
        }
        else if (lastRole == "user" && Source.Contains("weather", StringComparison.OrdinalIgnoreCase))
        {
            WantsToolCalls = true;
        }
    }

    /// <summary>
    /// Deterministic calls. With a tool_plan (from the request or a scenario) and tools offered: the
    /// planned calls while fewer than tool_rounds (default 1) tool rounds followed the last user
    /// message, then none (a text answer echoing the results). Otherwise get_weather-like tools get
    /// {"location","unit"}, others {"query"}.
    /// </summary>
    public List<ToolCallPlan> PlanToolCalls(string completionId, EmulatorOptions options)
    {
        var calls = new List<ToolCallPlan>();
        if (ToolsDisabled)
        {
            return calls;
        }

        var idBase = completionId.Replace("chatcmpl-emu-", "", StringComparison.Ordinal);
        if (options.ToolPlan is { Count: > 0 } plan)
        {
            if (ToolNames.Count == 0 || ToolRoundsSinceUser >= (options.ToolRounds ?? 1))
            {
                return calls;
            }

            for (int p = 0; p < plan.Count; p++)
            {
                calls.Add(new ToolCallPlan($"call_emu_{idBase}_{p}", plan[p].Name, plan[p].Arguments));
            }

            return calls;
        }
        if (!WantsToolCalls && options.ToolCalls != true)
        {
            return calls;
        }

        int forcedCount = options.ToolCallCount ?? 1;
        string name = ForcedToolName
            ?? ToolNames.FirstOrDefault(n => n.Contains("weather", StringComparison.OrdinalIgnoreCase))
            ?? ToolNames.FirstOrDefault()
            ?? "get_weather";
        int count = Math.Max(1, forcedCount);
        var match = CityPattern().Match(Source);
        var city = match.Success ? match.Groups[1].Value.Trim() : "Paris";
        for (int i = 0; i < count; i++)
        {
            var where = i == 0 ? city : ExtraCities[(i - 1) % ExtraCities.Length];
            var args = name.Contains("weather", StringComparison.OrdinalIgnoreCase)
                ? Json.Build(w => { w.WriteStartObject(); w.WriteString("location", where); w.WriteString("unit", "celsius"); w.WriteEndObject(); })
                : Json.Build(w => { w.WriteStartObject(); w.WriteString("query", Source); w.WriteEndObject(); });
            calls.Add(new ToolCallPlan($"call_emu_{idBase}_{i}", name, System.Text.Encoding.UTF8.GetString(args)));
        }
        return calls;
    }

    [GeneratedRegex(@"\bin ([A-Z][\p{L}\-]*(?: [A-Z][\p{L}\-]*)*)")]
    private static partial Regex CityPattern();

    private static List<string> StringList(JsonElement obj, string name)
    {
        var list = new List<string>();
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v))
        {
            return list;
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            list.Add(v.GetString()!);
        }
        else if (v.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in v.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    list.Add(item.GetString()!);
                }
            }
        }

        return list;
    }

    private string ImageSummary => Images.Count == 0
        ? ""
        : $" [{Images.Count} image{(Images.Count == 1 ? "" : "s")}: {string.Join(", ", Images.Select(x => $"{x.Kind} {x.Detail ?? "default"}"))}]";

    /// <summary>
    /// Checks the image parts of a message like a vision API does: an image_url object with a url that is http(s) or a
    /// base64 data URL of PNG, JPEG, GIF or WebP whose bytes really are that type, and a detail of auto, low or high.
    /// </summary>
    private static ApiError? ReadImages(JsonElement message, int index, List<ImageInfo> images)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        int p = 0;
        foreach (var part in content.EnumerateArray())
        {
            var path = $"messages[{index}].content[{p++}]";
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.GetString() != "image_url")
            {
                continue;
            }

            if (!part.TryGetProperty("image_url", out var image) || image.ValueKind != JsonValueKind.Object
                || !image.TryGetProperty("url", out var urlElement) || urlElement.ValueKind != JsonValueKind.String)
            {
                return Invalid($"'{path}.image_url' must be an object with a string 'url'.", path + ".image_url");
            }

            string? detail = null;
            if (image.TryGetProperty("detail", out var d))
            {
                detail = d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                if (detail is not ("auto" or "low" or "high"))
                {
                    return Invalid($"Invalid value for '{path}.image_url.detail'; valid values: auto, low, high.", path + ".image_url.detail");
                }
            }
            var url = urlElement.GetString()!;
            if (url.StartsWith("data:", StringComparison.Ordinal))
            {
                var match = DataUrlPattern().Match(url);
                if (!match.Success)
                {
                    return new ApiError(400, "invalid_image_format", $"'{path}.image_url.url' must be a base64 data URL of image/png, image/jpeg, image/gif or image/webp.", path + ".image_url.url");
                }

                var mime = match.Groups[1].Value;
                var bytes = new byte[match.Groups[2].Length * 3 / 4 + 3];
                if (!Convert.TryFromBase64String(match.Groups[2].Value, bytes, out var length))
                {
                    return new ApiError(400, "invalid_image_format", $"'{path}.image_url.url' is not valid base64.", path + ".image_url.url");
                }

                if (!HasSignature(mime, bytes.AsSpan(0, length)))
                {
                    return new ApiError(400, "invalid_image_format", $"The image data of '{path}' is not {mime}.", path + ".image_url.url");
                }

                images.Add(new ImageInfo(mime, detail));
            }
            else if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                images.Add(new ImageInfo("url", detail));
            }
            else
            {
                return Invalid($"'{path}.image_url.url' must be an http(s) URL or a data URL.", path + ".image_url.url");
            }
        }
        return null;
    }

    private static bool HasSignature(string mime, ReadOnlySpan<byte> data) => mime switch
    {
        "image/png" => data.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }),
        "image/jpeg" => data.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }),
        "image/gif" => data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8),
        "image/webp" => data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8),
        _ => false,
    };

    [GeneratedRegex(@"^data:(image/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/]*={0,2})$")]
    private static partial Regex DataUrlPattern();

    private ApiError? ReadChoiceCount(JsonElement root)
    {
        if (!root.TryGetProperty("n", out var n) || n.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (n.ValueKind != JsonValueKind.Number || !n.TryGetInt32(out var count) || count < 1 || count > 128)
        {
            return Invalid("'n' must be an integer between 1 and 128.", "n");
        }

        ChoiceCount = count;
        return null;
    }

    /// <summary>text, json_object, or json_schema with a named schema object (the name is required, as the API says).</summary>
    private ApiError? ReadResponseFormat(JsonElement root)
    {
        if (!root.TryGetProperty("response_format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (format.ValueKind != JsonValueKind.Object || !format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return Invalid("'response_format' must be an object with a string 'type'.", "response_format");
        }

        switch (type.GetString())
        {
            case "text":
                return null;
            case "json_object":
                ResponseFormatType = "json_object";
                return null;
            case "json_schema":
                if (!format.TryGetProperty("json_schema", out var js) || js.ValueKind != JsonValueKind.Object)
                {
                    return Invalid("'response_format.json_schema' must be an object.", "response_format.json_schema");
                }

                if (!js.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || !SchemaNamePattern().IsMatch(name.GetString()!))
                {
                    return Invalid("'response_format.json_schema.name' is required: 1 to 64 letters, digits, '_' or '-'.", "response_format.json_schema.name");
                }

                if (!js.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object)
                {
                    return Invalid("'response_format.json_schema.schema' must be a JSON schema object.", "response_format.json_schema.schema");
                }

                ResponseFormatType = "json_schema";
                ResponseSchema = schema.Clone();
                return null;
            default:
                return Invalid("Invalid value for 'response_format.type'; valid values: text, json_object, json_schema.", "response_format.type");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SchemaNamePattern();

    /// <summary>Content as text: a string, or the text parts of a content array joined with spaces.</summary>
    private static string TextOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var c))
        {
            return "";
        }

        if (c.ValueKind == JsonValueKind.String)
        {
            return c.GetString()!;
        }

        if (c.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var parts = new List<string>();
        foreach (var p in c.EnumerateArray())
        {
            if (p.ValueKind == JsonValueKind.String)
            {
                parts.Add(p.GetString()!);
            }
            else if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            {
                parts.Add(t.GetString()!);
            }
        }
        return string.Join(" ", parts);
    }

    private static ApiError Invalid(string message, string? param) => new(400, "invalid_request", message, param);
}
