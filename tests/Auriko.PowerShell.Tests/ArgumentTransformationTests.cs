using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using Auriko.PowerShell.Arguments;
using Xunit;

namespace Auriko.PowerShell.Tests
{
    public sealed class ArgumentTransformationTests
    {
        private const string Secret = "ak_live_TRANSFORM_0123456789";

        private static string Plain(object? secure) => SecureStringTransformationAttribute.ToPlainString(Assert.IsType<SecureString>(secure));

        [Fact]
        public void An_api_key_may_be_a_string_a_secure_string_or_a_credential()
        {
            var attribute = new SecureStringTransformationAttribute();
            var secure = SecureStringTransformationAttribute.ToSecureString(Secret);

            Assert.Equal(Secret, Plain(attribute.Transform(null!, PowerShellValues.Eval($"'{Secret}'"))));
            Assert.Same(secure, attribute.Transform(null!, secure));
            Assert.Equal(Secret, Plain(attribute.Transform(null!, new PSCredential("Auriko", secure))));
            Assert.Equal(Secret, Plain(attribute.Transform(null!, new NetworkCredential("Auriko", Secret))));
            Assert.Null(attribute.Transform(null!, null));
            Assert.True(secure.IsReadOnly());
        }

        [Fact]
        public void Anything_else_is_refused_without_echoing_the_value()
        {
            var attribute = new SecureStringTransformationAttribute();

            var ex = Assert.Throws<ArgumentTransformationMetadataException>(() => attribute.Transform(null!, PowerShellValues.Eval($"[pscustomobject]@{{ key = '{Secret}' }}")));

            Assert.Equal("Expected a string, a SecureString or a PSCredential (got PSCustomObject).", ex.Message);
            Assert.DoesNotContain(Secret, ex.ToString());
        }

        [Fact]
        public void Routing_takes_a_hashtable_in_any_key_spelling()
        {
            var attribute = new RoutingOptionsTransformationAttribute();

            var options = Assert.IsType<RoutingOptions>(attribute.Transform(null!,
                PowerShellValues.Eval("@{ optimize = 'cost-focus'; MaxTtftMs = 800; excludeProviders = 'together_ai', 'z_ai'; mode = 'fallback' }")));

            Assert.Equal(Optimize.CostFocus, options.Optimize);
            Assert.Equal(800, options.MaxTtftMs);
            Assert.Equal(new[] { "together_ai", "z_ai" }, options.ExcludeProviders!.ToArray());
            Assert.Equal(RoutingMode.Fallback, options.Mode);
        }

        [Fact]
        public void Routing_takes_an_object_or_routing_options_as_they_are()
        {
            var attribute = new RoutingOptionsTransformationAttribute();
            var typed = new RoutingOptions { Optimize = Optimize.Ttft };

            Assert.Same(typed, attribute.Transform(null!, typed));
            Assert.Equal(Optimize.Tps, Assert.IsType<RoutingOptions>(attribute.Transform(null!, PowerShellValues.Eval("[pscustomobject]@{ optimize = 'tps' }"))).Optimize);
        }

        [Fact]
        public void An_unknown_routing_key_fails_at_binding_naming_the_key_and_the_valid_ones()
        {
            var attribute = new RoutingOptionsTransformationAttribute();

            var ex = Assert.Throws<ArgumentTransformationMetadataException>(() => attribute.Transform(null!, PowerShellValues.Eval("@{ optimise = 'cost' }")));

            Assert.StartsWith("Unknown routing option 'optimise'. Valid options: optimize, weights,", ex.Message);
        }

        [Fact]
        public void A_routing_value_that_is_not_a_table_is_refused_with_an_example()
        {
            var ex = Assert.Throws<ArgumentTransformationMetadataException>(() => new RoutingOptionsTransformationAttribute().Transform(null!, PowerShellValues.Eval("'cost'")));

            Assert.Equal("-Routing takes a hashtable such as @{ optimize = 'cost'; max_ttft_ms = 800 } or an [Auriko.RoutingOptions] (got String).", ex.Message);
        }

        [Fact]
        public void Completion_matches_the_typed_prefix_and_quotes_names_PowerShell_would_split()
        {
            var names = new[] { "gpt-4o", "gpt-4o-mini", "claude-sonnet-4-6", "my model", "it's" };

            Assert.Equal(new[] { "gpt-4o", "gpt-4o-mini" }, CompletionHelper.Complete(names, "GPT").Select(c => c.CompletionText));
            Assert.Equal(new[] { "'my model'" }, CompletionHelper.Complete(names, "'my").Select(c => c.CompletionText));
            Assert.Equal(new[] { "'it''s'" }, CompletionHelper.Complete(names, "it").Select(c => c.CompletionText));
            Assert.Equal(names.Length, CompletionHelper.Complete(names, null).Count());
        }
    }
}
