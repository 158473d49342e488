using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Auriko.PowerShell.Tests
{
    /// <summary>
    /// Makes values the way PowerShell makes them for a cmdlet: a script's output as the engine hands
    /// it on (hashtables, [ordered], [pscustomobject], arrays, PSObject wrappers), not hand-built
    /// look-alikes. One runspace serves every test; a lock keeps it to one pipeline at a time.
    /// </summary>
    internal static class PowerShellValues
    {
        private static readonly object Gate = new object();
        private static readonly Lazy<Runspace> Shared = new Lazy<Runspace>(() =>
        {
            var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            return runspace;
        });

        /// <summary>The single output object of <paramref name="script"/>, still wrapped as PowerShell wraps it.</summary>
        public static PSObject Eval(string script)
        {
            var results = Run(script);
            if (results.Count != 1)
            {
                throw new InvalidOperationException($"'{script}' wrote {results.Count} objects; expected one.");
            }

            return results[0];
        }

        /// <summary>Every output object of <paramref name="script"/>.</summary>
        public static Collection<PSObject> Run(string script)
        {
            lock (Gate)
            {
                using var ps = System.Management.Automation.PowerShell.Create();
                ps.Runspace = Shared.Value;
                ps.AddScript(script);
                var results = ps.Invoke();
                if (ps.HadErrors)
                {
                    throw new InvalidOperationException($"'{script}' failed: {string.Join("; ", ps.Streams.Error.Select(e => e.ToString()))}");
                }

                return results;
            }
        }
    }
}
