using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Auriko.Json
{
    /// <summary>
    /// Maps the management and discovery resources (identity, workspaces, budgets, registry, directory, providers) to
    /// the public models. Liberal: every field optional, wrong types read as absent. Chat answers are read by
    /// <see cref="ChatWireReader"/>.
    /// </summary>
    internal static class ModelReader
    {
        public static Identity ReadIdentity(JsonElement e) => new Identity
        {
            UserId = e.Str("user_id"),
            WorkspaceId = e.Str("workspace_id"),
            Tier = e.Str("tier"),
            RateLimitRpm = e.Int("rate_limit_rpm"),
        };

        public static Workspace ReadWorkspace(JsonElement e)
        {
            var w = new Workspace
            {
                WorkspaceId = e.Str("id") ?? e.Str("workspace_id") ?? string.Empty,
                Name = e.Str("name"),
                Slug = e.Str("slug"),
                Tier = e.Str("tier"),
                UserRole = e.Str("user_role") ?? e.Str("role"),
                MemberCount = e.Int("member_count"),
                CanUsePaidModels = e.Bool("can_use_paid_models"),
                CreatedAt = e.Date("created_at"),
            };
            w.SetRawJson(e.GetRawText());
            return w;
        }

        public static Budget ReadBudget(JsonElement e)
        {
            var b = new Budget
            {
                BudgetId = e.Str("id") ?? e.Str("budget_id") ?? string.Empty,
                WorkspaceId = e.Str("workspace_id"),
                ScopeType = e.Str("scope_type"),
                ScopeId = e.Str("scope_id"),
                ScopeProvider = e.Str("scope_provider"),
                Period = e.Str("period"),
                LimitUsd = e.Dec("limit_usd"),
                SpendUsd = e.Dec("spend_usd"),
                RemainingUsd = e.Dec("remaining_usd"),
                PercentUsed = e.Dec("percent_used"),
                Enforce = e.Bool("enforce"),
                IncludeByok = e.Bool("include_byok"),
                CreatedAt = e.Date("created_at"),
                UpdatedAt = e.Date("updated_at"),
            };
            b.SetRawJson(e.GetRawText());
            return b;
        }

        public static RegistryModel ReadRegistryModel(JsonElement e)
        {
            var m = new RegistryModel
            {
                Id = e.Str("id") ?? e.Str("model_id") ?? string.Empty,
                Family = e.Str("family"),
                DisplayName = e.Str("display_name") ?? e.Str("name"),
            };
            m.SetRawJson(e.GetRawText());
            return m;
        }

        public static DirectoryModel ReadDirectoryModel(JsonElement e)
        {
            var providers = new List<DirectoryModelProvider>();
            if (e.TryProp("providers", out var ps) && ps.ValueKind == JsonValueKind.Array)
            {
                foreach (var p in ps.EnumerateArray())
                {
                    if (p.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    // Prices appear nested under "pricing" (emulator/seed) or flat (Era C /v1/models: input_price, output_price).
                    var pricing = p.TryProp("pricing", out var pr) && pr.ValueKind == JsonValueKind.Object ? pr : p;
                    providers.Add(new DirectoryModelProvider
                    {
                        Provider = p.Str("provider") ?? p.Str("name") ?? p.Str("id"),
                        ProviderModelId = p.Str("provider_model_id"),
                        DataPolicy = p.Str("data_policy"),
                        ContextWindow = p.Int("context_window"),
                        MaxOutputTokens = p.Int("max_output_tokens"),
                        Capabilities = p.Strings("capabilities"),
                        InputPricePer1M = pricing.Dbl("input_per_1m") ?? pricing.Dbl("input_price") ?? p.Dbl("input_price"),
                        OutputPricePer1M = pricing.Dbl("output_per_1m") ?? pricing.Dbl("output_price") ?? p.Dbl("output_price"),
                        CachedInputPricePer1M = pricing.Dbl("cached_input_per_1m") ?? pricing.Dbl("cached_input_price"),
                    });
                }
            }

            int? maxContext = e.Int("max_context_window") ?? e.Int("context_window");
            if (maxContext is null)
            {
                foreach (var p in providers)
                {
                    if (p.ContextWindow > (maxContext ?? 0))
                    {
                        maxContext = p.ContextWindow;
                    }
                }
            }

            var m = new DirectoryModel
            {
                Id = e.Str("id") ?? e.Str("model_id") ?? string.Empty,
                DisplayName = e.Str("display_name") ?? e.Str("name"),
                Family = e.Str("family"),
                Providers = providers,
                MaxContextWindow = maxContext,
            };
            m.SetRawJson(e.GetRawText());
            return m;
        }

        public static Provider ReadProvider(JsonElement e)
        {
            var p = new Provider
            {
                Id = e.Str("id") ?? e.Str("name") ?? string.Empty,
                Name = e.Str("name"),
                DisplayName = e.Str("display_name"),
                Description = e.Str("description"),
                DataPolicy = e.Str("data_policy"),
            };
            p.SetRawJson(e.GetRawText());
            return p;
        }

        /// <summary>Finds the items of a list response: a bare array, <c>{"data":[…]}</c>, <c>{"&lt;plural&gt;":[…]}</c>, else the first array property.</summary>
        public static IReadOnlyList<T> ReadList<T>(JsonElement root, string plural, Func<JsonElement, T> read)
        {
            JsonElement array = default;
            if (root.ValueKind == JsonValueKind.Array)
            {
                array = root;
            }
            else if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryProp("data", out var data) && data.ValueKind == JsonValueKind.Array)
                {
                    array = data;
                }
                else if (root.TryProp(plural, out var named) && named.ValueKind == JsonValueKind.Array)
                {
                    array = named;
                }
                else
                {
                    foreach (var p in root.EnumerateObject())
                    {
                        if (p.Value.ValueKind == JsonValueKind.Array)
                        {
                            array = p.Value;
                            break;
                        }
                    }
                }
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                throw new AurikoException($"The server's list response has no '{plural}' array (expected a JSON array, {{\"data\":[...]}} or {{\"{plural}\":[...]}}).");
            }

            var list = new List<T>(array.GetArrayLength());
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    list.Add(read(item));
                }
            }

            return list;
        }
    }
}
