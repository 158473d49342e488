using System;
using System.Text.Json;
using Auriko.Http;
using Auriko.Json;
using Xunit;

namespace Auriko.Tests.Unit
{
    public sealed class RedactionTests
    {
        private const string Key = "ak_live_0123456789abcdefXYZ";

        [Fact]
        public void Masks_the_key_anywhere()
        {
            var text = Redaction.Redact($"url?key={Key}&x=1 and {Key}", Key);
            Assert.DoesNotContain(Key, text);
            Assert.Contains("***", text);
        }

        [Theory]
        [InlineData("{\"api_key\":\"abc\"}", "{\"api_key\":\"***\"}")]
        [InlineData("{\"Authorization\" : \"Bearer xyz\"}", "{\"Authorization\" : \"***\"}")]
        [InlineData("{\"x-api-key\":\"k\",\"max_tokens\":5}", "{\"x-api-key\":\"***\",\"max_tokens\":5}")]
        [InlineData("{\"client_secret\":\"s\\\"q\"}", "{\"client_secret\":\"***\"}")]
        [InlineData("{\"token\":\"t\",\"prompt_tokens\":3}", "{\"token\":\"***\",\"prompt_tokens\":3}")]
        [InlineData("Authorization: Bearer abc.def", "Authorization: Bearer ***")]
        public void Masks_secret_fields_and_bearer_tokens(string input, string expected)
        {
            Assert.Equal(expected, Redaction.Redact(input, null));
        }

        [Fact]
        public void Leaves_ordinary_text_alone()
        {
            const string text = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            Assert.Equal(text, Redaction.Redact(text, Key));
        }

        [Fact]
        public void Api_key_never_shows_itself()
        {
            var key = new AurikoApiKey(Key);
            Assert.Equal("ak_l\u2026fXYZ", key.Masked);
            Assert.Equal(key.Masked, key.ToString());
            Assert.Equal($"{key}", key.Masked);
            Assert.Equal("****", new AurikoApiKey("short").Masked);
            Assert.Equal(Key, key.Reveal());
            Assert.Throws<ArgumentException>(() => new AurikoApiKey(" "));
            AurikoApiKey implicitKey = Key;
            Assert.Equal(key.Masked, implicitKey.Masked);
        }
    }

    public sealed class HeaderTests
    {
        [Fact]
        public void Typed_accessors_parse_documented_headers()
        {
            var h = ErrorMappingTests.Headers(
                ("x-request-id", "req_1"),
                ("X-RateLimit-Remaining-Requests", "59"),
                ("X-RateLimit-Limit-Requests", "60"),
                ("X-RateLimit-Reset-Requests", "2026-03-20T10:00:00Z"),
                ("X-Credits-Balance-Microdollars", "48500000"),
                ("X-Provider-Used", "openai"),
                ("X-Routing-Strategy", "cost"),
                ("X-Error-Type", "rate_limit"),
                ("X-Error-Provider", "anthropic"),
                ("X-Error-Retryable", "false"),
                ("Retry-After", "3"),
                ("X-Budget-Exceeded", "true"),
                ("X-Budget-Exceeded-Period", "daily"),
                ("X-Budget-Exceeded-Scope", "workspace"),
                ("Via", "a"),
                ("via", "b"));

            Assert.Equal("req_1", h.RequestId);
            Assert.Equal(59, h.RateLimitRemaining);
            Assert.Equal(60, h.RateLimitLimit);
            Assert.Equal(new DateTimeOffset(2026, 3, 20, 10, 0, 0, TimeSpan.Zero), h.RateLimitReset);
            Assert.Equal(48500000, h.CreditsBalanceMicrodollars);
            Assert.Equal(48.5m, h.CreditsBalanceUsd);
            Assert.Equal("openai", h.ProviderUsed);
            Assert.Equal("cost", h.RoutingStrategy);
            Assert.Equal("rate_limit", h.ErrorType);
            Assert.Equal("anthropic", h.ErrorProvider);
            Assert.False(h.ErrorRetryable);
            Assert.Equal(TimeSpan.FromSeconds(3), h.RetryAfter);
            Assert.Equal("true", h.BudgetExceeded);
            Assert.Equal("daily", h.BudgetExceededPeriod);
            Assert.Equal("workspace", h.BudgetExceededScope);
            Assert.Equal("req_1", h.Get("X-REQUEST-ID"));
            Assert.Equal("a, b", h.Get("VIA"));
            Assert.True(h.All.ContainsKey("X-Request-Id"));
            Assert.Null(h.Get("absent"));
        }

        [Fact]
        public void Garbage_values_read_as_absent()
        {
            var h = ErrorMappingTests.Headers(("X-RateLimit-Remaining-Requests", "many"), ("X-Error-Retryable", "perhaps"), ("Retry-After", "later"));
            Assert.Null(h.RateLimitRemaining);
            Assert.Null(h.ErrorRetryable);
            Assert.Null(h.RetryAfter);
            Assert.Null(ResponseHeaders.Empty.RequestId);
        }

        [Fact]
        public void Retry_after_accepts_seconds_and_http_dates()
        {
            var now = new DateTimeOffset(2026, 3, 20, 10, 0, 0, TimeSpan.Zero);
            Assert.Equal(TimeSpan.FromSeconds(1.5), ResponseHeaders.ParseRetryAfter("1.5", now));
            Assert.Equal(TimeSpan.FromSeconds(30), ResponseHeaders.ParseRetryAfter("Fri, 20 Mar 2026 10:00:30 GMT", now));
            Assert.Equal(TimeSpan.Zero, ResponseHeaders.ParseRetryAfter("Fri, 20 Mar 2026 09:00:00 GMT", now));
            Assert.Equal(TimeSpan.Zero, ResponseHeaders.ParseRetryAfter("-5", now));
            Assert.NotNull(ResponseHeaders.ParseRetryAfter("1e300", now));
        }
    }

    public sealed class RetryPolicyTests
    {
        [Theory]
        [InlineData(0, 0.5)]
        [InlineData(1, 1.0)]
        [InlineData(2, 2.0)]
        [InlineData(4, 8.0)]
        [InlineData(10, 8.0)]
        public void Backoff_doubles_up_to_eight_seconds(int retry, double seconds)
        {
            Assert.Equal(seconds, RetryPolicy.ComputeDelay(retry, null, 0).TotalSeconds, 3);
            Assert.Equal(seconds * 1.25, RetryPolicy.ComputeDelay(retry, null, 1).TotalSeconds, 3);
            Assert.Equal(seconds * 0.75, RetryPolicy.ComputeDelay(retry, null, -1).TotalSeconds, 3);
        }

        [Fact]
        public void Jitter_stays_within_a_quarter()
        {
            for (var i = 0; i < 200; i++)
            {
                Assert.InRange(RetryPolicy.ComputeDelay(1, null).TotalSeconds, 0.75, 1.25);
            }
        }

        [Fact]
        public void Retry_after_wins_and_is_capped_at_sixty_seconds()
        {
            Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.ComputeDelay(0, TimeSpan.FromSeconds(3)));
            Assert.Equal(TimeSpan.Zero, RetryPolicy.ComputeDelay(3, TimeSpan.Zero));
            Assert.Equal(TimeSpan.FromSeconds(60), RetryPolicy.ComputeDelay(0, TimeSpan.FromHours(2)));
        }

        [Theory]
        [InlineData(408, true)]
        [InlineData(409, true)]
        [InlineData(429, true)]
        [InlineData(500, true)]
        [InlineData(503, true)]
        [InlineData(400, false)]
        [InlineData(401, false)]
        [InlineData(404, false)]
        public void Retryable_statuses(int status, bool retryable) => Assert.Equal(retryable, RetryPolicy.IsRetryableStatus(status));

        [Fact]
        public void Budget_credit_and_not_retryable_errors_are_never_retried()
        {
            Assert.False(RetryPolicy.ShouldRetry(new BudgetExceededException("b", 429, "budget_exhausted")));
            Assert.False(RetryPolicy.ShouldRetry(new InsufficientCreditsException("c", 429, "insufficient_quota")));
            Assert.True(RetryPolicy.ShouldRetry(new RateLimitException("r", 429, "rate_limit_exceeded")));
            var notRetryable = new InternalServerException("x", 500) { ResponseHeaders = ErrorMappingTests.Headers(("X-Error-Retryable", "false")) };
            Assert.False(RetryPolicy.ShouldRetry(notRetryable));
        }
    }

    public sealed class ModelReaderTests
    {
        private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

        [Fact]
        public void Completion_fields_cost_fallback_warnings_and_unknowns()
        {
            var c = ChatWireReader.Read(System.Text.Encoding.UTF8.GetBytes(
                "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1767225600,\"model\":\"m\",\"system_fingerprint\":\"fp\"," +
                "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Paris.\",\"reasoning_content\":\"hmm\"},\"finish_reason\":\"stop\"}]," +
                "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15,\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":{\"reasoning_tokens\":2,\"audio_tokens\":0}}," +
                "\"routing_metadata\":{\"provider\":\"openai\",\"routing_strategy\":\"cost\",\"ttft_ms\":210,\"candidates_total\":4,\"cost\":{\"usd\":0.25,\"cache_savings_usd\":0.1,\"novel\":1}," +
                "\"warnings\":[\"unsupported_field: metadata\",{\"code\":\"unsupported_parameter\",\"message\":\"dropped seed\",\"param\":\"seed\"}],\"fallback\":{\"attempts\":2}}}"), streamed: false).ToCompletion();

            Assert.Equal("Paris.", c.Content);
            Assert.Equal("Paris.", c.ToString());
            Assert.Equal("hmm", c.ReasoningContent);
            Assert.Equal("stop", c.FinishReason);
            Assert.Equal("fp", c.SystemFingerprint);
            Assert.Equal(4, c.Usage!.CachedTokens);
            Assert.Equal(2, c.Usage.ReasoningTokens);
            Assert.Equal(0.25, c.CostUsd);
            Assert.Equal("openai", c.Provider);
            Assert.Equal(2, c.RoutingMetadata!.Warnings.Count);
            Assert.Equal("unsupported_field: metadata", c.RoutingMetadata.Warnings[0].Message);
            Assert.Equal("unsupported_parameter", c.RoutingMetadata.Warnings[1].Code);
            Assert.Equal("seed", c.RoutingMetadata.Warnings[1].Param);
            var fallback = Assert.IsType<System.Collections.Generic.Dictionary<string, object?>>(c.RoutingMetadata.AdditionalProperties["fallback"]);
            Assert.Equal(2L, fallback["attempts"]);
            Assert.Equal(1L, c.RoutingMetadata.Cost!.AdditionalProperties["novel"]);
        }

        [Fact]
        public void Billable_cost_wins_over_usd_and_each_name_falls_back_to_the_other()
        {
            var r = ChatWireReader.ReadRoutingMetadata(Parse("{\"cost\":{\"billable_cost_usd\":0.3,\"usd\":0.2}}"))!;
            Assert.Equal(0.3, r.CostUsd);
            Assert.Equal(0.2, r.Cost!.Usd);

            var newEra = ChatWireReader.ReadRoutingMetadata(Parse("{\"cost\":{\"usd\":0.2}}"))!;
            Assert.Equal(0.2, newEra.Cost!.BillableCostUsd);
            var oldEra = ChatWireReader.ReadRoutingMetadata(Parse("{\"cost\":{\"billable_cost_usd\":0.3}}"))!;
            Assert.Equal(0.3, oldEra.Cost!.Usd);
        }

        [Theory]
        [InlineData("[{\"id\":\"a\"},{\"id\":\"b\"}]")]
        [InlineData("{\"object\":\"list\",\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}")]
        [InlineData("{\"workspaces\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"count\":2}")]
        public void Lists_accept_every_envelope(string json)
        {
            var list = ModelReader.ReadList(Parse(json), "workspaces", ModelReader.ReadWorkspace);
            Assert.Equal(new[] { "a", "b" }, new[] { list[0].WorkspaceId, list[1].WorkspaceId });
        }

        [Fact]
        public void List_without_an_array_is_a_typed_error()
        {
            Assert.Throws<AurikoException>(() => ModelReader.ReadList(Parse("{\"x\":1}"), "budgets", ModelReader.ReadBudget));
        }

        [Fact]
        public void Budget_computes_remaining_and_percent_when_absent()
        {
            var b = ModelReader.ReadBudget(Parse("{\"id\":\"bdgt_1\",\"limit_usd\":200,\"spend_usd\":50,\"created_at\":\"2026-03-20T10:00:00Z\"}"));
            Assert.Equal(150m, b.RemainingUsd);
            Assert.Equal(25m, b.PercentUsed);
            Assert.Equal(TimeSpan.Zero, b.CreatedAt!.Value.Offset);
            Assert.Equal("bdgt_1", b.BudgetId);
            Assert.Contains("bdgt_1", b.GetRawJson());
        }

        [Fact]
        public void Directory_model_reads_pricing_and_max_context()
        {
            var m = ModelReader.ReadDirectoryModel(Parse(
                "{\"id\":\"gpt-4o\",\"providers\":[{\"provider\":\"openai\",\"context_window\":128000,\"capabilities\":[\"tools\"],\"pricing\":{\"input_per_1m\":2.5,\"output_per_1m\":10,\"cached_input_per_1m\":1.25}},{\"name\":\"azure\",\"context_window\":64000,\"input_price\":3}]}"));
            Assert.Equal(128000, m.MaxContextWindow);
            Assert.Equal(2.5, m.Providers[0].InputPricePer1M);
            Assert.Equal(1.25, m.Providers[0].CachedInputPricePer1M);
            Assert.Equal("tools", m.Providers[0].Capabilities[0]);
            Assert.Equal("azure", m.Providers[1].Provider);
            Assert.Equal(3, m.Providers[1].InputPricePer1M);
        }

        [Fact]
        public void Provider_name_defaults_to_id()
        {
            Assert.Equal("openai", ModelReader.ReadProvider(Parse("{\"id\":\"openai\"}")).Name);
        }
    }

    public sealed class OptionsTests
    {
        [Fact]
        public void Defaults_match_the_documentation()
        {
            var o = new AurikoClientOptions();
            Assert.Equal(TimeSpan.FromSeconds(60), o.Timeout);
            Assert.Equal(2, o.MaxRetries);
            Assert.Equal(RequestShape.TopLevel, o.RequestShape);
            Assert.False(o.AllowInsecureHttp);
            Assert.Null(o.Proxy);
        }

        [Fact]
        public void Validate_rejects_unusable_settings()
        {
            Assert.Throws<AurikoException>(() => new AurikoClientOptions { BaseUrl = new Uri("ftp://x/") }.Validate());
            Assert.Throws<AurikoException>(() => new AurikoClientOptions { Timeout = TimeSpan.Zero }.Validate());
            Assert.Throws<AurikoException>(() => new AurikoClientOptions { MaxRetries = -1 }.Validate());
            Assert.Throws<AurikoException>(() => new AurikoClient(new AurikoClientOptions { MaxRetries = -1 }));
        }

        [Fact]
        public void Client_options_are_a_copy()
        {
            var o = new AurikoClientOptions { MaxRetries = 1, ApiKey = "ak_test_0123456789" };
            using var client = new AurikoClient(o);
            o.MaxRetries = 5;
            Assert.Equal(1, client.Options.MaxRetries);
            client.Options.MaxRetries = 7;
            Assert.Equal(1, client.Options.MaxRetries);
        }

        [Fact]
        public void User_agent_names_the_product_the_client_and_the_runtime()
        {
            var ua = Transport.BuildUserAgent("Auriko.PowerShell/0.1.0 PowerShell/7.6.9");
            Assert.StartsWith("Auriko.PowerShell/0.1.0 PowerShell/7.6.9 Auriko.NET/", ua);
            Assert.Contains(".NET", ua.Substring(ua.IndexOf('(')));
        }
    }
}
