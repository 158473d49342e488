using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Auriko.PowerShell.Internal;
using Xunit;

namespace Auriko.PowerShell.Tests
{
    public sealed class PlainConverterTests
    {
        [Fact]
        public void Hashtables_objects_and_arrays_become_plain_dictionaries_and_lists()
        {
            var value = PowerShellValues.Eval(
                "@{ name = 'x'; count = 3; ratio = 0.5; on = $true; list = 1, 'two', $null; nested = [pscustomobject]@{ inner = @(@{ deep = 'yes' }) } }");

            var plain = Assert.IsType<Dictionary<string, object?>>(PlainConverter.ToPlain(value, "extensions"));

            Assert.Equal("x", plain["name"]);
            Assert.Equal(3, plain["count"]);
            Assert.Equal(0.5, plain["ratio"]);
            Assert.Equal(true, plain["on"]);
            Assert.Equal(new object?[] { 1, "two", null }, Assert.IsType<List<object?>>(plain["list"]));
            var nested = Assert.IsType<Dictionary<string, object?>>(plain["nested"]);
            var inner = Assert.IsType<List<object?>>(nested["inner"]);
            Assert.Equal("yes", Assert.IsType<Dictionary<string, object?>>(Assert.Single(inner))["deep"]);
            AssertNoPowerShellTypes(plain);
        }

        [Fact]
        public void Ordered_hashtables_keep_their_key_order()
        {
            var value = PowerShellValues.Eval("[ordered]@{ zeta = 1; alpha = 2; mid = 3 }");

            var plain = PlainConverter.ToDictionary(value, "auriko_metadata")!;

            Assert.Equal(new[] { "zeta", "alpha", "mid" }, plain.Keys.ToArray());
        }

        [Fact]
        public void Scalars_become_values_the_json_writer_knows()
        {
            var value = PowerShellValues.Eval(
                "@{ day = [DayOfWeek]::Friday; flag = [switch]$true; link = [uri]'https://example.test/a?b=c'; span = [timespan]::FromSeconds(90); letter = [char]'q'; id = [guid]'6f9619ff-8b86-d011-b42d-00cf4fc964ff'; when = [datetime]'2026-03-20T10:00:00' }");

            var plain = PlainConverter.ToDictionary(value, "x")!;

            Assert.Equal("Friday", plain["day"]);
            Assert.Equal(true, plain["flag"]);
            Assert.Equal("https://example.test/a?b=c", plain["link"]);
            Assert.Equal("00:01:30", plain["span"]);
            Assert.Equal("q", plain["letter"]);
            Assert.Equal(new Guid("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), plain["id"]);
            Assert.Equal(new DateTime(2026, 3, 20, 10, 0, 0), plain["when"]);
        }

        [Fact]
        public void A_typed_object_becomes_its_public_properties()
        {
            var plain = PlainConverter.ToDictionary(new ToolCall { Id = "call_1", FunctionName = "f", Arguments = "{}" }, "tool")!;

            Assert.Equal("call_1", plain["Id"]);
            Assert.Equal("f", plain["FunctionName"]);
            Assert.Equal("function", plain["Type"]);
        }

        [Fact]
        public void A_property_whose_getter_throws_is_left_out()
        {
            var value = PowerShellValues.Eval(
                "$o = [pscustomobject]@{ good = 1 }; $o | Add-Member -MemberType ScriptProperty -Name bad -Value { throw 'no' }; $o");

            var plain = PlainConverter.ToDictionary(value, "x")!;

            Assert.Equal(new[] { "good" }, plain.Keys.ToArray());
        }

        [Fact]
        public void A_script_block_is_refused_naming_where_it_is()
        {
            var value = PowerShellValues.Eval("@{ tools = @(@{ run = { 'x' } }) }");

            var ex = Assert.Throws<ArgumentException>(() => PlainConverter.ToPlain(value, "extensions"));

            Assert.Equal("extensions.tools[0].run has an unsupported value of type ScriptBlock.", ex.Message);
        }

        [Fact]
        public void A_graph_deeper_than_64_levels_is_refused_not_a_stack_overflow()
        {
            var cycle = new Hashtable();
            cycle["self"] = cycle;

            var ex = Assert.Throws<ArgumentException>(() => PlainConverter.ToPlain(cycle, "routing"));

            Assert.Contains("nested too deeply (more than 64 levels)", ex.Message);
            Assert.StartsWith("routing.self.self", ex.Message);
        }

        [Theory]
        [InlineData("'text'", "String")]
        [InlineData("42", "Int32")]
        [InlineData(",@(1, 2)", "Object[]")]
        public void ToDictionary_refuses_what_has_no_properties_naming_its_type(string script, string type)
        {
            var value = PowerShellValues.Eval(script);

            var ex = Assert.Throws<ArgumentException>(() => PlainConverter.ToDictionary(value, "-Routing"));

            Assert.Equal($"-Routing must be a hashtable or an object with properties (got {type}).", ex.Message);
        }

        [Fact]
        public void ToDictionary_of_null_is_null() => Assert.Null(PlainConverter.ToDictionary(null, "x"));

        [Fact]
        public void TryGetMember_finds_keys_and_properties_case_insensitively_in_the_order_asked()
        {
            var table = PowerShellValues.Eval("@{ Role = 'user'; content = 'hi' }");
            var obj = PowerShellValues.Eval("[pscustomobject]@{ ROLE = 'tool'; ToolCallId = 't1' }");

            Assert.True(PlainConverter.TryGetMember(table, out var role, "role"));
            Assert.Equal("user", role);
            Assert.True(PlainConverter.TryGetMember(obj, out var id, "tool_call_id", "ToolCallId"));
            Assert.Equal("t1", id);
            Assert.True(PlainConverter.TryGetMember(obj, out var objRole, "role"));
            Assert.Equal("tool", objRole);
            Assert.False(PlainConverter.TryGetMember(table, out _, "name"));
            Assert.False(PlainConverter.TryGetMember(null, out _, "role"));
        }

        [Fact]
        public void DescribeType_names_what_a_user_passed()
        {
            Assert.Equal("null", PlainConverter.DescribeType(null));
            Assert.Equal("PSCustomObject", PlainConverter.DescribeType(PowerShellValues.Eval("[pscustomobject]@{ a = 1 }")));
            Assert.Equal("Hashtable", PlainConverter.DescribeType(PowerShellValues.Eval("@{ a = 1 }")));
            Assert.Equal("String", PlainConverter.DescribeType(PowerShellValues.Eval("'s'")));
        }

        private static void AssertNoPowerShellTypes(object? value)
        {
            Assert.False(value is PSObject, "a PSObject wrapper survived the conversion");
            switch (value)
            {
                case Dictionary<string, object?> dict:
                    foreach (var item in dict.Values)
                    {
                        AssertNoPowerShellTypes(item);
                    }

                    break;
                case List<object?> list:
                    foreach (var item in list)
                    {
                        AssertNoPowerShellTypes(item);
                    }

                    break;
            }
        }
    }
}
