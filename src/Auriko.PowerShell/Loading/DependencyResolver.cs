using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace Auriko.PowerShell.Loading
{
    /// <summary>
    /// Loads an assembly from the module's <c>dependencies/</c> folder when, and only when,
    /// the runtime could not supply it.
    /// </summary>
    /// <remarks>
    /// AppDomain.AssemblyResolve fires only after the runtime's own binding failed. On
    /// PowerShell 7 (.NET 10) System.Text.Json, System.Net.ServerSentEvents and their helpers are
    /// part of the shared framework, so the framework copies win and this handler stays idle.
    /// On Windows PowerShell 5.1 (.NET Framework) they are not, the binder fails, and we load
    /// our copies. Keeping them in a subfolder, instead of next to the cmdlet assembly, means
    /// nothing else finds them by probing, so they cannot clash with another module's copies.
    ///
    /// Only names that exist in dependencies/ are answered (matched by simple name), and only
    /// when our file's assembly version is at least the version asked for; anything else is
    /// left to other handlers and the runtime's normal error.
    ///
    /// PowerShell calls OnImport once per import (a process can import the module in several
    /// runspaces, e.g. ForEach-Object -Parallel), so registrations are counted and the handler
    /// is removed only with the last one.
    /// </remarks>
    internal static class DependencyResolver
    {
        private const string DependencyFolderName = "dependencies";

        private static readonly object Gate = new object();
        private static readonly Dictionary<string, string> DependencyPaths = FindDependencies();
        private static int _registrations;

        internal static void Register()
        {
            lock (Gate)
            {
                _registrations++;
                if (_registrations == 1 && DependencyPaths.Count > 0)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                }
            }
        }

        internal static void Unregister()
        {
            lock (Gate)
            {
                if (_registrations == 0)
                {
                    return;
                }

                _registrations--;
                if (_registrations == 0)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                }
            }
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            AssemblyName requested;
            try
            {
                requested = new AssemblyName(args.Name);
            }
            catch (ArgumentException)
            {
                return null;
            }
            catch (FileLoadException)
            {
                return null;
            }

            if (requested.Name is null || !DependencyPaths.TryGetValue(requested.Name, out string? path))
            {
                return null;
            }

            AssemblyName available = AssemblyName.GetAssemblyName(path);
            if (requested.Version is not null && (available.Version is null || available.Version < requested.Version))
            {
                return null;
            }

            // LoadFrom returns the already-loaded assembly on repeated requests for the same
            // file, and resolves that file's own references through this handler again.
            return Assembly.LoadFrom(path);
        }

        private static Dictionary<string, string> FindDependencies()
        {
            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string location = typeof(DependencyResolver).Assembly.Location;
            if (string.IsNullOrEmpty(location))
            {
                return paths;
            }

            string folder = Path.Combine(Path.GetDirectoryName(location) ?? string.Empty, DependencyFolderName);
            if (!Directory.Exists(folder))
            {
                return paths;
            }

            foreach (string file in Directory.GetFiles(folder, "*.dll"))
            {
                paths[Path.GetFileNameWithoutExtension(file)] = file;
            }

            return paths;
        }
    }
}
