using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Tools
{
    /// <summary>
    /// The -Tools of one invocation: the definitions sent to the model (AurikoTool objects and
    /// hand-written hashtables alike) and, by function name, the commands that may run. Only a
    /// command given here as an AurikoTool ever runs.
    /// </summary>
    internal sealed class ToolSet
    {
        private readonly Dictionary<string, AurikoTool> _commands;
        private readonly HashSet<string> _definitionsOnly;

        private ToolSet(List<object> definitions, Dictionary<string, AurikoTool> commands, HashSet<string> definitionsOnly)
        {
            Definitions = definitions;
            _commands = commands;
            _definitionsOnly = definitionsOnly;
        }

        /// <summary>The request's <c>tools</c> list.</summary>
        internal List<object> Definitions { get; }

        /// <summary>Reads -Tools; throws ArgumentException for an unusable item or a name given twice.</summary>
        internal static ToolSet? From(object[]? tools)
        {
            if (tools == null)
            {
                return null;
            }

            var definitions = new List<object>();
            var commands = new Dictionary<string, AurikoTool>(StringComparer.Ordinal);
            var definitionsOnly = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < tools.Length; i++)
            {
                var item = PSObjects.Unwrap(tools[i]);
                if (item is AurikoTool tool)
                {
                    if (commands.ContainsKey(tool.Name) || definitionsOnly.Contains(tool.Name))
                    {
                        throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, ToolMessages.DuplicateTool, tool.Name));
                    }
                    commands[tool.Name] = tool;
                    definitions.Add(tool.ToDefinition());
                    continue;
                }
                if (item is CommandInfo command)
                {
                    throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, ToolMessages.CommandInTools, i, command.Name));
                }
                string path = "tools[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                var definition = PlainConverter.ToPlain(item, path)!;
                if (NameOf(definition) is string name)
                {
                    if (commands.ContainsKey(name))
                    {
                        throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, ToolMessages.DuplicateTool, name));
                    }

                    definitionsOnly.Add(name);
                }
                definitions.Add(definition);
            }
            return new ToolSet(definitions, commands, definitionsOnly);
        }

        /// <summary>The command behind a function name, or null with the reason it cannot run.</summary>
        internal AurikoTool? Find(string? name, out string? refusal)
        {
            if (name != null && _commands.TryGetValue(name, out var tool))
            {
                refusal = null;
                return tool;
            }
            refusal = string.Format(CultureInfo.InvariantCulture,
                name != null && _definitionsOnly.Contains(name) ? ToolMessages.NotACommand : ToolMessages.NotOffered, name ?? "(no name)");
            return null;
        }

        /// <summary>function.name of a hand-written definition, if it has one.</summary>
        private static string? NameOf(object definition)
        {
            if (definition is Dictionary<string, object?> d
                && d.TryGetValue("function", out var function) && function is Dictionary<string, object?> f
                && f.TryGetValue("name", out var name) && name is string text)
            {
                return text;
            }
            return null;
        }
    }
}
