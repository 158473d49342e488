using System.Collections.Generic;
using System.Management.Automation;
using Xunit;

namespace Auriko.PowerShell.Tests
{
    /// <summary>
    /// Windows PowerShell 5.1 turns -Debug into DebugPreference Inquire, which would prompt once per
    /// debug line; there the cmdlets write debug text to the host instead. PowerShell 7 maps -Debug
    /// to Continue and needs no detour.
    /// </summary>
    public sealed class DebugOutputTests
    {
        private static Dictionary<string, object> Bound(object? debug)
        {
            var bound = new Dictionary<string, object>();
            if (debug != null)
            {
                bound["Debug"] = debug;
            }

            return bound;
        }

        [Fact]
        public void Debug_on_Windows_PowerShell_goes_to_the_host_instead_of_prompting() =>
            Assert.True(AurikoCmdlet.DebugPromptsPerLine(Bound(new SwitchParameter(true)), desktop: true));

        [Fact]
        public void Debug_on_PowerShell_7_uses_the_debug_stream() =>
            Assert.False(AurikoCmdlet.DebugPromptsPerLine(Bound(new SwitchParameter(true)), desktop: false));

        [Fact]
        public void Without_Debug_or_with_Debug_false_nothing_changes()
        {
            Assert.False(AurikoCmdlet.DebugPromptsPerLine(Bound(null), desktop: true));
            Assert.False(AurikoCmdlet.DebugPromptsPerLine(Bound(new SwitchParameter(false)), desktop: true));
        }

        [Fact]
        public void This_runtime_is_not_Windows_PowerShell() =>
            Assert.False(AurikoCmdlet.DebugPromptsPerLine(Bound(new SwitchParameter(true))));
    }
}
