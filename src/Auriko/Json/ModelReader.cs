using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Auriko.Json
{
    /// <summary>Maps parsed JSON to the public models. Liberal: every field optional, wrong types read as absent.</summary>
    internal static class ModelReader
    {
        private static readonly HashSet<string> RoutingKnown = new HashSet<string>(StringComparer.Ordinal)
        {
            "provider", "provider_model_id", "tier", "model_canonical", "routing_strategy", "total_latency_ms", "ttft_ms",
            "throughput_tps", "routing_decision_ms", "candidates_total", "candidates_viable", "cost", "warnings",
        };

        private static readonly HashSet<string> CostKnown = new HashSet<string>(StringComparer.Ordinal)
        {
            "billable_cost_usd", "usd", "input_tokens", "output_tokens", "cache_savings_usd", "cache_savings_percent",
        };

        public static ChatCompletion ReadChatCompletion(JsonElement root)
        {
            var completion = new ChatCompletion
            {
                Id = root.Str("id"),
                Object = root.Str("object"),
                Created = root.UnixTime("created"),
                Model = root.Str("model"),
                SystemFingerprint = root.Str("system_fingerprint"),
            };

            if (root.TryProp("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                var list = new List<ChatChoice>(choices.GetArrayLength());
                var position = 0;
                foreach (var choice in choices.EnumerateArray())
                {
                    if (choice.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var message = choice.TryProp("message", out var m) && m.ValueKind == JsonValueKind.Object
                        ? ReadMessage(m)
                        : new ChatMessage("assistant", null);
                    list.Add(new ChatChoice(choice.Int("index") ?? position, message, choice.Str("finish_reason")));
                    position++;
                }

                completion.Choices = list;
            }

            if (root.TryProp("usage", out var usage))
            {
                completion.Usage = ReadUsage(usage);
            }

            if (root.TryProp("routing_metadata", out var routing))
            {
                completion.RoutingMetadata = ReadRoutingMetadata(routing);
            }

            return completion;
        }

        public static ChatMessage ReadMessage(JsonElement m)
        {
            var message = new ChatMessage(m.Str("role") ?? "assistant", null)
            {
                Name = m.Str("name"),
                ToolCallId = m.Str("tool_call_id"),
                ReasoningContent = m.Str("reasoning_content"),
            };

            if (m.TryProp("content", out var content))
            {
                message.Content = content.ValueKind == JsonValueKind.String ? content.GetString() : JsonValues.ToPlain(content);
            }

            if (m.TryProp("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                var list = new List<ToolCall>();
                var position = 0;
                foreach (var call in calls.EnumerateArray())
                {
                    if (call.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var toolCall = new ToolCall
                    {
                        Id = call.Str("id"),
                        Type = call.Str("type") ?? "function",
                        Index = call.Int("index") ?? position,
                    };
                    if (call.TryProp("function", out var fn))
                    {
                        toolCall.FunctionName = fn.Str("name");

                        // Arguments are a JSON string on the wire; tolerate an object by keeping its text.
                        toolCall.Arguments = fn.TryProp("arguments", out var args) && args.ValueKind != JsonValueKind.String
                            ? args.GetRawText()
                            : fn.Str("arguments");
                    }

                    list.Add(toolCall);
                    position++;
                }

                message.ToolCalls = list;
            }

            return message;
        }

        public static Usage? ReadUsage(JsonElement u)
        {
            if (u.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new Usage
            {
                PromptTokens = u.Int("prompt_tokens") ?? 0,
                CompletionTokens = u.Int("completion_tokens") ?? 0,
                TotalTokens = u.Int("total_tokens") ?? ((u.Int("prompt_tokens") ?? 0) + (u.Int("completion_tokens") ?? 0)),
                PromptTokensDetails = u.TryProp("prompt_tokens_details", out var p) ? ReadDetails(p) : null,
                CompletionTokensDetails = u.TryProp("completion_tokens_details", out var c) ? ReadDetails(c) : null,
            };
        }

        public static RoutingMetadata? ReadRoutingMetadata(JsonElement r)
        {
            if (r.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var metadata = new RoutingMetadata
            {
                Provider = r.Str("provider"),
                ProviderModelId = r.Str("provider_model_id"),
                Tier = r.Str("tier"),
                ModelCanonical = r.Str("model_canonical"),
                RoutingStrategy = r.Str("routing_strategy"),
                TotalLatencyMs = r.Dbl("total_latency_ms"),
                TtftMs = r.Dbl("ttft_ms"),
                ThroughputTps = r.Dbl("throughput_tps"),
                RoutingDecisionMs = r.Dbl("routing_decision_ms"),
                CandidatesTotal = r.Int("candidates_total"),
                CandidatesViable = r.Int("candidates_viable"),
                AdditionalProperties = JsonValues.Unknown(r, RoutingKnown),
            };

            if (r.TryProp("cost", out var cost) && cost.ValueKind == JsonValueKind.Object)
            {
                metadata.Cost = new RoutingCost
                {
                    BillableCostUsd = cost.Dbl("billable_cost_usd"),
                    Usd = cost.Dbl("usd"),
                    InputTokens = cost.Dbl("input_tokens"),
                    OutputTokens = cost.Dbl("output_tokens"),
                    CacheSavingsUsd = cost.Dbl("cache_savings_usd"),
                    CacheSavingsPercent = cost.Dbl("cache_savings_percent"),
                    AdditionalProperties = JsonValues.Unknown(cost, CostKnown),
                };
            }

            if (r.TryProp("warnings", out var warnings) && warnings.ValueKind == JsonValueKind.Array)
            {
                var list = new List<RoutingWarning>();
                foreach (var w in warnings.EnumerateArray())
                {
                    if (w.ValueKind == JsonValueKind.String)
                    {
                        list.Add(new RoutingWarning(w.GetString()!));
                    }
                    else if (w.ValueKind == JsonValueKind.Object)
                    {
                        var code = w.Str("code");
                        list.Add(new RoutingWarning(w.Str("message") ?? code ?? w.GetRawText()) { Code = code, Param = w.Str("param") });
                    }
                }

                metadata.Warnings = list;
            }

            return metadata;
        }

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

        private static TokenDetails? ReadDetails(JsonElement d) => d.ValueKind != JsonValueKind.Object ? null : new TokenDetails
        {
            CachedTokens = d.Int("cached_tokens"),
            ReasoningTokens = d.Int("reasoning_tokens"),
            TextTokens = d.Int("text_tokens"),
            ImageTokens = d.Int("image_tokens"),
            AudioTokens = d.Int("audio_tokens"),
        };
    }
}
