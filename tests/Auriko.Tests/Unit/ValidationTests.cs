using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Auriko.Tests.Unit
{
    public sealed class ValidationTests
    {
        private static ChatCompletionRequest Ok() => new ChatCompletionRequest { Model = "gpt-4o", Messages = { ChatMessage.User("hi") } };

        [Fact]
        public void A_minimal_request_is_valid() => Ok().Validate();

        [Fact]
        public void Model_and_models_together_are_rejected()
        {
            var r = Ok();
            r.Models = new[] { "a" };
            var ex = Assert.Throws<InvalidRequestException>(r.Validate);
            Assert.Equal("Specify either Model or Models, not both.", ex.Message);
            Assert.Equal(0, ex.StatusCode);
            Assert.Equal("invalid_request", ex.Code);
        }

        [Fact]
        public void Neither_model_nor_models_is_rejected()
        {
            var r = Ok();
            r.Model = null;
            Assert.Contains("model", Assert.Throws<InvalidRequestException>(r.Validate).Message, System.StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void Empty_messages_are_rejected()
        {
            var r = Ok();
            r.Messages.Clear();
            Assert.Equal("messages", Assert.Throws<InvalidRequestException>(r.Validate).Param);
        }

        [Fact]
        public void More_than_ten_models_are_rejected()
        {
            var r = Ok();
            r.Model = null;
            r.Models = Enumerable.Range(0, 11).Select(i => "m" + i).ToList();
            Assert.Contains("10", Assert.Throws<InvalidRequestException>(r.Validate).Message);
            r.Models = Enumerable.Range(0, 10).Select(i => "m" + i).ToList();
            r.Validate();
        }

        [Theory]
        [InlineData("temperature", 2.5)]
        [InlineData("temperature", -0.1)]
        [InlineData("top_p", 1.5)]
        [InlineData("presence_penalty", 3)]
        [InlineData("frequency_penalty", -3)]
        public void Out_of_range_sampling_values_name_the_field(string field, double value)
        {
            var r = Ok();
            switch (field)
            {
                case "temperature": r.Temperature = value; break;
                case "top_p": r.TopP = value; break;
                case "presence_penalty": r.PresencePenalty = value; break;
                case "frequency_penalty": r.FrequencyPenalty = value; break;
            }

            Assert.Equal(field, Assert.Throws<InvalidRequestException>(r.Validate).Param);
        }

        [Fact]
        public void Non_positive_token_limits_are_rejected()
        {
            var r = Ok();
            r.MaxTokens = 0;
            Assert.Equal("max_tokens", Assert.Throws<InvalidRequestException>(r.Validate).Param);
        }

        [Fact]
        public void Invalid_routing_is_rejected_with_its_field()
        {
            var r = Ok();
            r.Routing = new RoutingOptions { MinSuccessRate = 1.5 };
            Assert.Equal("routing.min_success_rate", Assert.Throws<InvalidRequestException>(r.Validate).Param);
            r.Routing = new RoutingOptions { Weights = new RoutingWeights { Cost = -1 } };
            Assert.Equal("routing.weights.cost", Assert.Throws<InvalidRequestException>(r.Validate).Param);
            r.Routing = new RoutingOptions { DataPolicy = "sometimes" };
            Assert.Contains("no_training", Assert.Throws<InvalidRequestException>(r.Validate).Message);
        }

        [Fact]
        public void Bad_stop_and_tool_choice_types_are_rejected()
        {
            var r = Ok();
            r.Stop = 5;
            Assert.Equal("stop", Assert.Throws<InvalidRequestException>(r.Validate).Param);
            r.Stop = null;
            r.ToolChoice = 3;
            Assert.Equal("tool_choice", Assert.Throws<InvalidRequestException>(r.Validate).Param);
            r.ToolChoice = new Hashtable { ["type"] = "function" };
            r.Validate();
        }
    }

    public sealed class RoutingOptionsTests
    {
        [Fact]
        public void From_dictionary_accepts_snake_camel_and_pascal_keys()
        {
            var options = RoutingOptions.FromDictionary(new Hashtable
            {
                ["optimize"] = "ttft-focus",
                ["MaxTtftMs"] = 500,
                ["excludeProviders"] = new object[] { "a", "b" },
                ["DATA_POLICY"] = "zdr",
                ["allow_fallbacks"] = "true",
                ["weights"] = new Hashtable { ["Cost"] = 1, ["reliability"] = "0.5" },
                ["mode"] = "Fallback",
                ["providers"] = "openai, anthropic",
                ["max_fallback_attempts"] = 3L,
                ["tier"] = null,
            });

            Assert.Equal(Optimize.TtftFocus, options.Optimize);
            Assert.Equal(500, options.MaxTtftMs);
            Assert.Equal(new[] { "a", "b" }, options.ExcludeProviders);
            Assert.Equal("zdr", options.DataPolicy);
            Assert.True(options.AllowFallbacks);
            Assert.Equal(1, options.Weights!.Cost);
            Assert.Equal(0.5, options.Weights.Reliability);
            Assert.Equal(RoutingMode.Fallback, options.Mode);
            Assert.Equal(new[] { "openai", "anthropic" }, options.Providers);
            Assert.Equal(3, options.MaxFallbackAttempts);
            Assert.Null(options.Tier);
        }

        [Fact]
        public void Unknown_key_is_named_with_the_valid_keys()
        {
            var ex = Assert.Throws<InvalidRequestException>(() => RoutingOptions.FromDictionary(new Hashtable { ["optimise"] = "cost" }));
            Assert.Contains("'optimise'", ex.Message);
            Assert.Contains("max_ttft_ms", ex.Message);
            Assert.Equal("routing.optimise", ex.Param);
        }

        [Fact]
        public void Bad_optimize_value_lists_the_valid_values()
        {
            var ex = Assert.Throws<InvalidRequestException>(() => RoutingOptions.FromDictionary(new Hashtable { ["optimize"] = "fastest" }));
            Assert.Contains("'fastest'", ex.Message);
            foreach (var name in RoutingOptions.OptimizeWireNames)
            {
                Assert.Contains(name, ex.Message);
            }

            Assert.Equal("routing.optimize", ex.Param);
        }

        [Theory]
        [InlineData("cost", Optimize.Cost)]
        [InlineData("CHEAPEST", Optimize.Cheapest)]
        [InlineData("cost-focus", Optimize.CostFocus)]
        [InlineData("CostFocus", Optimize.CostFocus)]
        [InlineData("tps_focus", Optimize.TpsFocus)]
        [InlineData("throughput", Optimize.Throughput)]
        public void Parse_optimize_accepts_wire_and_enum_names(string text, Optimize expected)
        {
            Assert.Equal(expected, RoutingOptions.ParseOptimize(text));
            Assert.Equal(expected, RoutingOptions.ParseOptimize(RoutingOptions.ToWireName(expected)));
        }

        [Fact]
        public void Wire_names_cover_every_value()
        {
            Assert.Equal(10, RoutingOptions.OptimizeWireNames.Count);
            Assert.Equal("tps-focus", RoutingOptions.ToWireName(Optimize.TpsFocus));
        }

        [Fact]
        public void Bad_values_are_named()
        {
            Assert.Equal("routing.max_ttft_ms", Assert.Throws<InvalidRequestException>(() => RoutingOptions.FromDictionary(new Hashtable { ["max_ttft_ms"] = "soon" })).Param);
            Assert.Equal("routing.only_byok", Assert.Throws<InvalidRequestException>(() => RoutingOptions.FromDictionary(new Hashtable { ["only_byok"] = "maybe" })).Param);
            Assert.Equal("routing.ttft_percentile", Assert.Throws<InvalidRequestException>(() => RoutingOptions.FromDictionary(new Hashtable { ["ttft_percentile"] = "p99" })).Param);
            Assert.Equal("routing.weights.speed", Assert.Throws<InvalidRequestException>(() => RoutingOptions.FromDictionary(new Hashtable { ["weights"] = new Hashtable { ["speed"] = 1 } })).Param);
            Assert.Equal("routing.min_success_rate", Assert.Throws<InvalidRequestException>(() => RoutingOptions.FromDictionary(new Hashtable { ["min_success_rate"] = 2 })).Param);
        }
    

        [Fact]
        public void A_cloned_RoutingOptions_is_independent_of_the_original()
        {
            var original = new RoutingOptions
            {
                Optimize = Optimize.Cost,
                Weights = new RoutingWeights { Cost = 1 },
                Providers = new List<string> { "openai" },
                ExcludeProviders = new List<string> { "together_ai" },
                Prefer = new List<string> { "anthropic" },
                MaxTtftMs = 800,
            };

            var copy = original.Clone();
            copy.Optimize = Optimize.Speed;
            copy.Weights!.Cost = 5;
            copy.Providers!.Add("anthropic");
            copy.ExcludeProviders!.Clear();
            copy.Prefer!.Add("google_ai_studio");

            Assert.Equal(Optimize.Cost, original.Optimize);
            Assert.Equal(1, original.Weights.Cost);
            Assert.Equal(new[] { "openai" }, original.Providers);
            Assert.Equal(new[] { "together_ai" }, original.ExcludeProviders);
            Assert.Equal(new[] { "anthropic" }, original.Prefer);
            Assert.Equal(800, copy.MaxTtftMs);
        }
    }
}
