using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Auriko.TestServer.Data;

/// <summary>A provider's offer of a model: what the directory shows and what chat routing uses.</summary>
internal sealed record ProviderOffer(
    string Provider, string ProviderModelId, int ContextWindow, int MaxOutputTokens, string[] Capabilities,
    double InputPer1M, double OutputPer1M, double? CachedInputPer1M, string DataPolicy);

/// <summary>A canonical model with the providers that serve it.</summary>
internal sealed record ModelInfo(string Id, string Family, string DisplayName, ProviderOffer[] Offers);

/// <summary>
/// Fixed, realistic data for the management and discovery endpoints. Where the public docs leave
/// a shape open, these are the emulator's choices (see this project's README). Deliberate quirks:
/// one budget lacks percent_used/remaining_usd (clients compute them) and two providers lack
/// "name" (clients fall back to id).
/// </summary>
internal static class Fixtures
{
    public const string UserId = "550e8400-e29b-41d4-a716-446655440000";
    public const string KeyWorkspaceId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    public const string SandboxWorkspaceId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    public const long CreditsMicrodollars = 48_500_000;
    public const int RateLimitPerMinute = 1000;

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] ChatCaps = { "tools", "parallel_tool_calls", "json_mode", "json_schema", "streaming" };
    private static readonly string[] VisionCaps = { "tools", "parallel_tool_calls", "vision", "json_mode", "json_schema", "streaming" };

    public static readonly ModelInfo[] Models =
    {
        new("gpt-4o", "gpt-4o", "GPT-4o", new[]
        {
            new ProviderOffer("openai", "gpt-4o-2024-08-06", 128_000, 16_384, VisionCaps, 2.5, 10.0, 1.25, "no_training"),
        }),
        new("gpt-4o-mini", "gpt-4o", "GPT-4o mini", new[]
        {
            new ProviderOffer("openai", "gpt-4o-mini-2024-07-18", 128_000, 16_384, VisionCaps, 0.15, 0.6, 0.075, "no_training"),
        }),
        new("claude-sonnet-4-6", "claude-sonnet", "Claude Sonnet 4.6", new[]
        {
            new ProviderOffer("anthropic", "claude-sonnet-4-6", 200_000, 64_000, new[] { "tools", "vision", "json_schema", "streaming", "reasoning" }, 3.0, 15.0, 0.3, "no_training"),
        }),
        new("deepseek-chat", "deepseek", "DeepSeek V3", new[]
        {
            new ProviderOffer("deepseek", "deepseek-chat", 64_000, 8_192, ChatCaps, 0.27, 1.10, 0.07, "none"),
            new ProviderOffer("together_ai", "deepseek-ai/DeepSeek-V3", 131_072, 8_192, new[] { "tools", "json_mode", "streaming" }, 1.25, 1.25, null, "no_training"),
            new ProviderOffer("fireworks_ai", "accounts/fireworks/models/deepseek-v3", 131_072, 16_384, new[] { "tools", "json_mode", "streaming" }, 0.9, 0.9, null, "zdr"),
        }),
        new("gemini-2.0-flash", "gemini", "Gemini 2.0 Flash", new[]
        {
            new ProviderOffer("google_ai_studio", "gemini-2.0-flash-001", 1_048_576, 8_192, VisionCaps, 0.1, 0.4, 0.025, "none"),
        }),
        new("llama-3.3-70b", "llama", "Llama 3.3 70B Instruct", new[]
        {
            new ProviderOffer("together_ai", "meta-llama/Llama-3.3-70B-Instruct-Turbo", 131_072, 8_192, new[] { "tools", "json_mode", "streaming" }, 0.88, 0.88, null, "no_training"),
            new ProviderOffer("fireworks_ai", "accounts/fireworks/models/llama-v3p3-70b-instruct", 131_072, 16_384, new[] { "tools", "streaming" }, 0.9, 0.9, null, "zdr"),
        }),
    };

    public static ModelInfo? FindModel(string id) =>
        Array.Find(Models, m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));

    // ---- JSON, serialised once: list endpoints are hit concurrently and JsonNode is not thread-safe ----

    public static readonly string Identity = new JsonObject
    {
        ["object"] = "api_key_identity",
        ["user_id"] = UserId,
        ["workspace_id"] = KeyWorkspaceId,
        ["tier"] = "builder",
        ["rate_limit_rpm"] = RateLimitPerMinute,
    }.ToJsonString(JsonOptions);

    public static readonly IReadOnlyList<(string Id, string Json)> Workspaces = new[]
    {
        Item(new JsonObject
        {
            ["id"] = KeyWorkspaceId, ["object"] = "workspace", ["name"] = "Acme Production", ["slug"] = "acme-prod",
            ["tier"] = "builder", ["user_role"] = "owner", ["member_count"] = 5, ["can_use_paid_models"] = true,
            ["created_at"] = "2026-01-15T09:30:00Z",
        }),
        Item(new JsonObject
        {
            ["id"] = SandboxWorkspaceId, ["object"] = "workspace", ["name"] = "Acme Sandbox", ["slug"] = "acme-sandbox",
            ["tier"] = "explorer", ["user_role"] = "member", ["member_count"] = 2, ["can_use_paid_models"] = false,
            ["created_at"] = "2026-03-20T10:00:00Z",
        }),
    };

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<(string Id, string Json)>> BudgetsByWorkspace =
        new Dictionary<string, IReadOnlyList<(string Id, string Json)>>(StringComparer.OrdinalIgnoreCase)
        {
            [KeyWorkspaceId] = new[]
            {
                Item(Budget("bdgt_daily_ws", KeyWorkspaceId, "workspace", null, null, "daily", 10.0, 1.25, enforce: true, includeByok: true, withComputed: true,
                    "2026-03-20T10:00:00Z", "2026-03-21T08:00:00Z")),
                Item(Budget("bdgt_weekly_key", KeyWorkspaceId, "api_key", "key_emu_01", null, "weekly", 50.0, 12.5, enforce: false, includeByok: false, withComputed: true,
                    "2026-03-20T10:05:00Z", "2026-03-22T12:00:00Z")),
                // No percent_used / remaining_usd: the client must compute them.
                Item(Budget("bdgt_monthly_byok", KeyWorkspaceId, "byok_provider", null, "anthropic", "monthly", 250.0, 12.34, enforce: true, includeByok: false, withComputed: false,
                    "2026-03-20T10:10:00Z", "2026-03-23T07:45:00Z")),
            },
            [SandboxWorkspaceId] = new[]
            {
                Item(Budget("bdgt_sandbox_monthly", SandboxWorkspaceId, "workspace", null, null, "monthly", 20.0, 0.0, enforce: true, includeByok: false, withComputed: true,
                    "2026-03-20T10:00:00Z", "2026-03-20T10:00:00Z")),
            },
        };

    /// <summary>X-Budget-* headers for chat and /me, from the key's workspace budgets.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> BudgetHeaders = new[]
    {
        new KeyValuePair<string, string>("X-Budget-Daily-Limit", "10.00"),
        new KeyValuePair<string, string>("X-Budget-Daily-Spend", "1.25"),
        new KeyValuePair<string, string>("X-Budget-Weekly-Limit", "50.00"),
        new KeyValuePair<string, string>("X-Budget-Weekly-Spend", "12.50"),
        new KeyValuePair<string, string>("X-Budget-Monthly-Limit", "250.00"),
        new KeyValuePair<string, string>("X-Budget-Monthly-Spend", "12.34"),
    };

    public static readonly IReadOnlyList<(string Id, string Json)> RegistryModels =
        Models.Select(m => Item(new JsonObject
        {
            ["id"] = m.Id, ["object"] = "model", ["family"] = m.Family, ["display_name"] = m.DisplayName,
            ["context_window"] = m.Offers.Max(o => o.ContextWindow),
        })).ToArray();

    public static readonly IReadOnlyList<(string Id, string Json)> DirectoryModels =
        Models.Select(m => Item(new JsonObject
        {
            ["id"] = m.Id, ["display_name"] = m.DisplayName, ["family"] = m.Family,
            ["providers"] = new JsonArray(m.Offers.Select(o => (JsonNode)new JsonObject
            {
                ["provider"] = o.Provider,
                ["provider_model_id"] = o.ProviderModelId,
                ["context_window"] = o.ContextWindow,
                ["max_output_tokens"] = o.MaxOutputTokens,
                ["capabilities"] = new JsonArray(o.Capabilities.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
                ["pricing"] = new JsonObject
                {
                    ["input_per_1m"] = o.InputPer1M,
                    ["output_per_1m"] = o.OutputPer1M,
                    ["cached_input_per_1m"] = o.CachedInputPer1M,
                    ["tiers"] = new JsonArray(),
                },
                ["data_policy"] = o.DataPolicy,
            }).ToArray()),
        })).ToArray();

    public static readonly IReadOnlyList<(string Id, string Json)> Providers = new[]
    {
        Item(Provider("openai", "openai", "OpenAI", "GPT-4o family and o-series reasoning models.", "no_training")),
        Item(Provider("anthropic", "anthropic", "Anthropic", "Claude models with extended thinking.", "no_training")),
        Item(Provider("google_ai_studio", "google_ai_studio", "Google AI Studio", "Gemini models via Google AI Studio.", "none")),
        Item(Provider("deepseek", null, "DeepSeek", "DeepSeek's first-party API.", "none")),
        Item(Provider("together_ai", "together_ai", "Together AI", "Open-weight models on Together's inference cloud.", "no_training")),
        Item(Provider("fireworks_ai", null, "Fireworks AI", "Fast open-weight inference with zero data retention.", "zdr")),
    };

    private static JsonObject Budget(string id, string ws, string scopeType, string? scopeId, string? scopeProvider, string period,
        double limit, double spend, bool enforce, bool includeByok, bool withComputed, string created, string updated)
    {
        var o = new JsonObject
        {
            ["id"] = id, ["object"] = "budget", ["workspace_id"] = ws, ["scope_type"] = scopeType, ["scope_id"] = scopeId,
            ["scope_provider"] = scopeProvider, ["period"] = period, ["limit_usd"] = limit, ["enforce"] = enforce,
            ["include_byok"] = includeByok, ["spend_usd"] = spend,
        };
        if (withComputed)
        {
            o["percent_used"] = Math.Round(100.0 * spend / limit, 2);
            o["remaining_usd"] = Math.Round(limit - spend, 2);
        }
        o["created_at"] = created;
        o["updated_at"] = updated;
        return o;
    }

    private static JsonObject Provider(string id, string? name, string display, string description, string dataPolicy)
    {
        var o = new JsonObject { ["id"] = id };
        if (name is not null)
        {
            o["name"] = name;
        }

        o["display_name"] = display;
        o["description"] = description;
        o["data_policy"] = dataPolicy;
        return o;
    }

    private static (string Id, string Json) Item(JsonObject o) => ((string)o["id"]!, o.ToJsonString(JsonOptions));
}
