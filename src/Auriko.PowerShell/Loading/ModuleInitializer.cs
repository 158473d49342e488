using System.Management.Automation;

namespace Auriko.PowerShell.Loading
{
    /// <summary>
    /// Runs when the module is imported and removed: installs the resolver that loads the
    /// module's private copies of its third-party assemblies from <c>dependencies/</c>.
    /// </summary>
    /// <remarks>
    /// PowerShell calls <see cref="OnImport"/> after loading Auriko.PowerShell.dll and before any
    /// cmdlet runs. Nothing in this assembly touches System.Text.Json or
    /// System.Net.ServerSentEvents types before then: those are used only inside Auriko.dll,
    /// and only when a cmdlet makes a request. That keeps the resolver in place before the
    /// first dependency load on Windows PowerShell 5.1. (A public type here that derives from
    /// a dependency type would break that: PowerShell reflects over public types on import.)
    /// </remarks>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>Registers the dependency resolver.</summary>
        public void OnImport() => DependencyResolver.Register();

        /// <summary>Unregisters the dependency resolver when the last import is removed.</summary>
        /// <param name="psModuleInfo">The module being removed.</param>
        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyResolver.Unregister();
    }
}
