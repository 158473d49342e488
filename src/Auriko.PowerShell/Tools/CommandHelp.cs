using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace Auriko.PowerShell.Tools
{
    /// <summary>
    /// The help text of a command, as Get-Help shows it: its synopsis and each parameter's
    /// description (comment-based help of functions and scripts, MAML help of cmdlets).
    /// </summary>
    internal sealed class CommandHelp
    {
        private static readonly CommandHelp None = new CommandHelp(null, new Dictionary<string, string>());

        private readonly IReadOnlyDictionary<string, string> _parameters;

        private CommandHelp(string? synopsis, IReadOnlyDictionary<string, string> parameters)
        {
            Synopsis = synopsis;
            _parameters = parameters;
        }

        /// <summary>The synopsis, or null when the command has no help of its own.</summary>
        internal string? Synopsis { get; }

        internal string? DescriptionOf(string parameterName) =>
            _parameters.TryGetValue(parameterName, out var text) ? text : null;

        /// <summary>
        /// Runs Get-Help in the caller's runspace (on the pipeline thread, so the command resolves as
        /// the caller sees it). Missing help is no error: the result is then empty.
        /// </summary>
        internal static CommandHelp Read(CommandInfo command)
        {
            PSObject? help;
            try
            {
                using (var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    ps.AddCommand("Microsoft.PowerShell.Core\\Get-Help")
                        .AddParameter("Name", command.Name)
                        .AddParameter("Category", Category(command))
                        .AddParameter("ErrorAction", ActionPreference.Ignore);
                    var results = ps.Invoke();
                    help = results.FirstOrDefault(r => r != null && string.Equals(Text(r, "Name"), command.Name, StringComparison.OrdinalIgnoreCase))
                        ?? results.FirstOrDefault(r => r != null);
                }
            }
            catch (RuntimeException)
            {
                return None;
            }
            if (help == null)
            {
                return None;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in Items(Member(Member(help, "parameters"), "parameter")))
            {
                string? name = Text(parameter, "name");
                string? description = Paragraphs(Member(parameter, "description"));
                if (!string.IsNullOrEmpty(name) && description != null)
                {
                    parameters[name!] = description;
                }
            }

            string? synopsis = Paragraphs(Member(help, "Synopsis"));
            // Without help of its own, Get-Help makes a synopsis of the syntax ("Get-Thing [[-Name] <string>]").
            if (synopsis != null && IsGeneratedSynopsis(synopsis, command.Name))
            {
                synopsis = null;
            }

            return new CommandHelp(synopsis, parameters);
        }

        private static string Category(CommandInfo command)
        {
            switch (command.CommandType)
            {
                case CommandTypes.Cmdlet: return "Cmdlet";
                case CommandTypes.Filter: return "Filter";
                case CommandTypes.ExternalScript: return "ExternalScript";
                default: return "Function";
            }
        }

        private static bool IsGeneratedSynopsis(string synopsis, string name) =>
            synopsis.StartsWith(name, StringComparison.OrdinalIgnoreCase)
            && (synopsis.Length == name.Length || char.IsWhiteSpace(synopsis[name.Length]) || synopsis[name.Length] == '[');

        private static object? Member(object? value, string name)
        {
            if (value == null)
            {
                return null;
            }

            var property = PSObject.AsPSObject(value).Properties[name];
            if (property == null)
            {
                return null;
            }

            try
            {
                return property.Value;
            }
            catch (GetValueException)
            {
                return null;
            }
        }

        private static string? Text(object? value, string name) => Member(value, name)?.ToString();

        private static IEnumerable<object> Items(object? value)
        {
            value = value is PSObject pso && !(pso.BaseObject is PSCustomObject) ? pso.BaseObject : value;
            if (value == null)
            {
                yield break;
            }

            if (value is IEnumerable list && !(value is string))
            {
                foreach (var item in list)
                {
                    if (item != null)
                    {
                        yield return item;
                    }
                }
            }
            else
            {
                yield return value;
            }
        }

        /// <summary>Help text: a string, or paragraphs (objects with a Text property) joined by line breaks.</summary>
        private static string? Paragraphs(object? value)
        {
            var sb = new StringBuilder();
            foreach (var item in Items(value))
            {
                var unwrapped = item is PSObject pso ? pso.BaseObject : item;
                string? text = unwrapped is string s ? s : Text(item, "Text");
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                if (sb.Length > 0)
                {
                    sb.Append('\n');
                }

                sb.Append(text!.Trim());
            }
            return sb.Length == 0 ? null : sb.ToString();
        }
    }
}
