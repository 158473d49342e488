using System;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace Auriko.PowerShell.Loading
{
    /// <summary>
    /// Runs when the module is imported and removed: installs the resolver that loads the
    /// module's private copies of its third-party assemblies from <c>dependencies/</c>.
    /// </summary>
    /// <remarks>
    /// PowerShell calls <see cref="OnImport"/> after loading Auriko.PowerShell.dll and before any
    /// cmdlet runs. Nothing in this assembly touches System.Text.Json or
    /// System.Net.ServerSentEvents types: only Auriko.dll uses them, when a cmdlet makes a request.
    /// That keeps the resolver in place before the first dependency load on Windows PowerShell
    /// 5.1. No public type here may derive from or expose a dependency type: PowerShell reflects
    /// over public types on import, which would load the dependency before the resolver exists.
    /// </remarks>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>The message for PowerShell 7.0–7.3 (.NET Core 3.1 to .NET 7).</summary>
        internal const string UnsupportedPowerShell = "Auriko needs PowerShell 7.4 or later, or Windows PowerShell 5.1.";

        /// <summary>Refuses PowerShell 7.0–7.3 with a clear message, then registers the dependency resolver.</summary>
        /// <exception cref="PlatformNotSupportedException">PowerShell 7.0–7.3 (.NET before 8).</exception>
        public void OnImport()
        {
            if (IsUnsupportedRuntime(RuntimeInformation.FrameworkDescription, Environment.Version))
            {
                // PowerShell 7.0-7.3 run on .NET Core 3.1-.NET 7: their System.Text.Json is older than the 8.0 the
                // client is built against and cannot be replaced in the default load context (a cryptic load failure
                // at the first request otherwise).
                throw new PlatformNotSupportedException(UnsupportedPowerShell + " This is PowerShell on "
                    + RuntimeInformation.FrameworkDescription + ".");
            }

            DependencyResolver.Register();
        }

        /// <summary>True on .NET Core / .NET before 8 (Windows PowerShell 5.1's .NET Framework is supported).</summary>
        internal static bool IsUnsupportedRuntime(string frameworkDescription, Version version) =>
            !frameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase) && version.Major < 8;

        /// <summary>Unregisters the dependency resolver when the last import is removed.</summary>
        /// <param name="psModuleInfo">The module being removed.</param>
        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyResolver.Unregister();
    }
}
