using System.Management.Automation;

namespace Auriko.PowerShell.Internal
{
    /// <summary>The one place that looks through PowerShell's PSObject wrappers.</summary>
    internal static class PSObjects
    {
        /// <summary>
        /// The wrapped .NET object; a PSCustomObject stays wrapped, because its properties live on
        /// the PSObject.
        /// </summary>
        internal static object? Unwrap(object? value)
        {
            while (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject) return pso;
                value = pso.BaseObject;
            }
            return value;
        }
    }
}
