using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Management.Automation;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell
{
    /// <summary>
    /// A PowerShell command offered to the model as a tool (made by New-AurikoTool). -Tools sends it
    /// in OpenAI's function format; with -InvokeTools Auto or Confirm, a call the model makes to it
    /// runs <see cref="Command"/> with the arguments the model gave, bound as parameters of
    /// <see cref="ParameterSetName"/>.
    /// </summary>
    public sealed class AurikoTool
    {
        internal AurikoTool(CommandInfo command, string parameterSetName, string description, OrderedDictionary parameters,
            IReadOnlyDictionary<string, ToolParameter> parameterMap)
        {
            Command = command;
            ParameterSetName = parameterSetName;
            Name = command.Name;
            Description = description;
            Parameters = parameters;
            ParameterMap = parameterMap;
        }

        /// <summary>The function name the model calls: the command's name.</summary>
        public string Name { get; }

        /// <summary>What the model is told the tool does (the command's help synopsis, or -Description).</summary>
        public string Description { get; }

        /// <summary>Always <c>function</c>, as in OpenAI's tool format.</summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An instance property so PowerShell shows it and binds it like the API's 'type' field.")]
        public string Type => "function";

        /// <summary>The command that runs when the model calls the tool.</summary>
        public CommandInfo Command { get; }

        /// <summary>The parameter set whose parameters the model may pass.</summary>
        public string ParameterSetName { get; }

        /// <summary>The JSON schema of the arguments: type, properties, required, additionalProperties.</summary>
        public OrderedDictionary Parameters { get; }

        /// <summary>The tool in OpenAI's function format: name, description and parameters.</summary>
        public OrderedDictionary Function
        {
            get
            {
                var function = new OrderedDictionary(StringComparer.OrdinalIgnoreCase)
                {
                    ["name"] = Name,
                    ["description"] = Description,
                    ["parameters"] = Parameters,
                };
                return function;
            }
        }

        /// <summary>The parameters the model may pass, by name (case-insensitive), with what binding needs to know.</summary>
        internal IReadOnlyDictionary<string, ToolParameter> ParameterMap { get; }

        /// <summary>The definition as sent in the request's <c>tools</c> list.</summary>
        internal Dictionary<string, object?> ToDefinition() =>
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["type"] = Type,
                ["function"] = PlainConverter.ToPlain(Function, "tools." + Name),
            };

        /// <summary>The definition as JSON text, exactly as the request sends it.</summary>
        /// <returns>The JSON text.</returns>
        public string ToJson() => Auriko.Json.RequestWriter.ToJsonText(ToDefinition(), "tools." + Name);

        /// <summary>Returns the tool's name.</summary>
        /// <returns>The name.</returns>
        public override string ToString() => Name;
    }

    /// <summary>One parameter a tool's caller may pass: its real name and whether the chosen set requires it.</summary>
    internal sealed class ToolParameter
    {
        internal ToolParameter(string name, bool isMandatory)
        {
            Name = name;
            IsMandatory = isMandatory;
        }

        internal string Name { get; }

        internal bool IsMandatory { get; }
    }
}
