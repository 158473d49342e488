using System.Text.Json;

namespace Auriko.TestServer.Scenarios;

/// <summary>
/// Reads scenarios and emulator options from JSON. Hand-written rather than JsonSerializer so
/// it is tolerant the way a test author expects: snake_case or camelCase keys, numbers given as
/// strings, retry_after as a number or a literal header value.
/// </summary>
internal static class ScenarioParser
{
    /// <summary>Accepts {"scenarios":[...]}, a bare array, or a single scenario object.</summary>
    public static List<Scenario> ParseMany(JsonElement root)
    {
        var list = new List<Scenario>();
        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in root.EnumerateArray())
            {
                list.Add(Parse(item));
            }
        }
        else if (root.ValueKind == JsonValueKind.Object && TryGet(root, "scenarios", out var arr))
        {
            if (arr.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("\"scenarios\" must be an array");
            }

            foreach (var item in arr.EnumerateArray())
            {
                list.Add(Parse(item));
            }
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            list.Add(Parse(root));
        }
        else
        {
            throw new FormatException("expected {\"scenarios\":[...]}");
        }
        return list;
    }

    public static Scenario Parse(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a scenario must be a JSON object");
        }

        var s = new Scenario();
        var emu = new EmulatorOptions();
        bool anyEmu = false;
        foreach (var p in e.EnumerateObject())
        {
            var v = p.Value;
            switch (Normalize(p.Name))
            {
                case "kind": s.Kind = (Str(v) ?? "ok").Trim().ToLowerInvariant(); break;
                case "path": s.Path = Str(v); break;
                case "times": s.Times = Int(v, p.Name) ?? 1; break;
                case "match": s.Match = Str(v); break;
                case "status": s.Status = Int(v, p.Name); break;
                case "code": s.Code = Str(v); break;
                case "type": s.Type = Str(v); break;
                case "message": s.Message = Str(v); break;
                case "param": s.Param = Str(v); break;
                case "provider": s.Provider = Str(v); break;
                case "retryafter":
                    if (v.ValueKind == JsonValueKind.Number)
                    {
                        s.RetryAfter = Int(v, p.Name);
                    }
                    else if (v.ValueKind == JsonValueKind.String)
                    {
                        if (int.TryParse(v.GetString(), out var ra))
                        {
                            s.RetryAfter = ra;
                        }
                        else
                        {
                            s.RetryAfterRaw = v.GetString();
                        }
                    }
                    break;
                case "retryafterraw": s.RetryAfterRaw = Str(v); break;
                case "retryable": s.Retryable = Bool(v); break;
                case "html": s.Html = Bool(v) ?? false; break;
                case "contenttype": s.ContentType = Str(v); break;
                case "body": s.Body = v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(); break;
                case "events":
                    if (v.ValueKind != JsonValueKind.Array)
                    {
                        throw new FormatException("\"events\" must be an array of SSE data payloads");
                    }

                    s.Events = v.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText()).ToList();
                    break;
                case "budgetperiod": s.BudgetPeriod = Str(v); break;
                case "budgetscope": s.BudgetScope = Str(v); break;
                case "headers":
                    if (v.ValueKind == JsonValueKind.Object)
                    {
                        s.Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        foreach (var h in v.EnumerateObject())
                        {
                            s.Headers[h.Name] = Str(h.Value) ?? "";
                        }
                    }
                    break;
                case "after": s.After = Int(v, p.Name); break;
                case "chunks": s.Chunks = Int(v, p.Name); break;
                case "delayms": s.DelayMs = Int(v, p.Name); break;
                case "where": s.Where = Str(v)?.ToLowerInvariant(); break;
                case "bytes": s.Bytes = Long(v, p.Name); break;
                case "value": s.Value = Str(v); break;
                case "envelope": s.Envelope = Str(v)?.ToLowerInvariant(); break;
                case "abort": s.Abort = Bool(v) ?? false; break;
                case "done": s.Done = Bool(v) ?? false; break;
                case "text": s.Text = v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(); break;
                case "emulator":
                    if (v.ValueKind == JsonValueKind.Object)
                    {
                        s.Emulator = EmulatorOptions.Merge(s.Emulator, ParseOptions(v));
                    }

                    break;
                default:
                    // Top-level emulator options ({"kind":"ok","timestamps":true}) are accepted too.
                    if (ApplyOption(emu, p.Name, v))
                    {
                        anyEmu = true;
                    }
                    else
                    {
                        throw new FormatException($"unknown scenario field \"{p.Name}\"");
                    }

                    break;
            }
        }
        if (!ScenarioKinds.All.Contains(s.Kind))
        {
            throw new FormatException($"unknown scenario kind \"{s.Kind}\"; valid kinds: {string.Join(", ", ScenarioKinds.All)}");
        }

        if (anyEmu)
        {
            s.Emulator = EmulatorOptions.Merge(emu, s.Emulator);
        }

        return s;
    }

    /// <summary>Reads an "emulator" object; unknown keys are ignored (it travels in real request bodies).</summary>
    public static EmulatorOptions ParseOptions(JsonElement e)
    {
        var o = new EmulatorOptions();
        if (e.ValueKind != JsonValueKind.Object)
        {
            return o;
        }

        foreach (var p in e.EnumerateObject())
        {
            ApplyOption(o, p.Name, p.Value);
        }

        return o;
    }

    private static bool ApplyOption(EmulatorOptions o, string name, JsonElement v)
    {
        switch (Normalize(name))
        {
            case "chunks": o.Chunks = Int(v, name); return true;
            case "delayms": o.DelayMs = Int(v, name); return true;
            case "contentbytes": o.ContentBytes = Long(v, name); return true;
            case "timestamps": o.Timestamps = Bool(v); return true;
            case "usageseparatechunk": o.UsageSeparateChunk = Bool(v); return true;
            case "crlf": o.Crlf = Bool(v); return true;
            case "comments": o.Comments = Bool(v); return true;
            case "ssefields": o.SseFields = Bool(v); return true;
            case "splitwrites": o.SplitWrites = Bool(v); return true;
            case "noproviderheaders": o.NoProviderHeaders = Bool(v); return true;
            case "reasoning": o.Reasoning = Bool(v); return true;
            case "toolcalls": o.ToolCalls = Bool(v); return true;
            case "toolcallcount": o.ToolCallCount = Int(v, name); return true;
            case "answertext": o.AnswerText = v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(); return true;
            case "toolplan": o.ToolPlan = ToolPlan(v, name); return true;
            case "toolrounds": o.ToolRounds = Int(v, name); return true;
            default: return false;
        }
    }

    /// <summary>[{"name": "...", "arguments": {...} or "..."}, ...]; a missing arguments is "{}".</summary>
    private static List<PlannedToolCall>? ToolPlan(JsonElement v, string name)
    {
        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"\"{name}\" must be an array of {{name, arguments}} objects");
        }

        var plan = new List<PlannedToolCall>();
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !TryGet(item, "name", out var n) || n.ValueKind != JsonValueKind.String)
            {
                throw new FormatException($"each \"{name}\" entry needs a string \"name\"");
            }

            string arguments = "{}";
            if (TryGet(item, "arguments", out var a))
            {
                arguments = a.ValueKind == JsonValueKind.String ? a.GetString()! : a.GetRawText();
            }

            plan.Add(new PlannedToolCall(n.GetString()!, arguments));
        }
        return plan;
    }

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (Normalize(p.Name) == Normalize(name)) { value = p.Value; return true; }
        }
        value = default;
        return false;
    }

    private static string Normalize(string name) => name.Replace("_", "").Replace("-", "").ToLowerInvariant();

    private static string? Str(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => v.GetRawText(),
    };

    private static int? Int(JsonElement v, string name)
    {
        var l = Long(v, name);
        if (l is null)
        {
            return null;
        }

        if (l > int.MaxValue || l < int.MinValue)
        {
            throw new FormatException($"\"{name}\" is out of range");
        }

        return (int)l;
    }

    private static long? Long(JsonElement v, string name)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.Number when v.TryGetInt64(out var n): return n;
            case JsonValueKind.Number when v.TryGetDouble(out var d): return (long)d;
            case JsonValueKind.String when long.TryParse(v.GetString(), out var s): return s;
            default: throw new FormatException($"\"{name}\" must be a number");
        }
    }

    private static bool? Bool(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => bool.TryParse(v.GetString(), out var b) ? b : null,
        JsonValueKind.Number => v.TryGetInt32(out var i) && i != 0,
        _ => null,
    };
}
