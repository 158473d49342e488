using System.Linq;
using Auriko.PowerShell.Internal;
using Xunit;

namespace Auriko.PowerShell.Tests
{
    public sealed class NameFilterTests
    {
        [Fact]
        public void No_names_select_everything()
        {
            var filter = new NameFilter(null);

            Assert.True(filter.IsEmpty);
            Assert.True(filter.IsMatch("anything"));
            Assert.Empty(filter.Unmatched());
        }

        [Fact]
        public void Wildcards_and_plain_names_match_case_insensitively_against_any_candidate()
        {
            var filter = new NameFilter(new[] { "GPT-4o*", "anthropic" });

            Assert.True(filter.IsMatch("gpt-4o-mini", "GPT-4o mini"));
            Assert.True(filter.IsMatch("claude", "Anthropic"));
            Assert.False(filter.IsMatch("gemini", "Google"));
            Assert.False(filter.IsMatch(null, null));
        }

        [Fact]
        public void Only_plain_names_that_matched_nothing_are_reported()
        {
            var filter = new NameFilter(new[] { "gpt-4o", "nothing*", "missing-model", "claude*" });

            filter.IsMatch("gpt-4o");
            filter.IsMatch("claude-sonnet-4-6");

            Assert.Equal(new[] { "missing-model" }, filter.Unmatched().ToArray());
        }
    }
}
