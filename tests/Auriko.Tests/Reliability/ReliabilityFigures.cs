using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Auriko.Tests.Reliability
{
    /// <summary>
    /// Writes a reliability test's figures to <c>out/test-results/reliability-&lt;name&gt;.json</c> under the repository root
    /// (the folder holding Auriko.psd1), where build.ps1's Test task prints them.
    /// </summary>
    internal static class ReliabilityFigures
    {
        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions { WriteIndented = true };

        /// <summary>The repository root: walks up from the test assembly to the folder containing Auriko.psd1.</summary>
        public static string? RepositoryRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Auriko.psd1")))
                {
                    return dir.FullName;
                }

                dir = dir.Parent;
            }

            return null;
        }

        /// <summary>Writes the figures; returns the path written (null when the repository root was not found).</summary>
        public static string? Write(string name, IDictionary<string, object?> figures)
        {
            var root = RepositoryRoot();
            if (root is null)
            {
                return null;
            }

            var dir = Path.Combine(root, "out", "test-results");
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, $"reliability-{name}.json");
            var temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(figures, Options));
            File.Move(temp, path, overwrite: true);
            return path;
        }

        public static double Megabytes(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 2);
    }
}
