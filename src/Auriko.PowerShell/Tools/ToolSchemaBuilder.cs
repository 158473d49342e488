using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Numerics;
using System.Security;
using System.Text.RegularExpressions;

namespace Auriko.PowerShell.Tools
{
    /// <summary>
    /// Makes an <see cref="AurikoTool"/> from a command's own metadata: one JSON-schema property per
    /// parameter of the chosen set (types, ValidateSet/enum, ValidateRange, ValidatePattern,
    /// ValidateLength, ValidateCount), descriptions from the command's help, and the set's mandatory
    /// parameters as <c>required</c>. Common parameters are left out, and so are parameters a model
    /// must never fill: script blocks (code) and credentials or secure strings (secrets).
    /// </summary>
    internal static class ToolSchemaBuilder
    {
        /// <summary>What OpenAI-compatible APIs accept as a function name.</summary>
        private static readonly Regex FunctionName = new Regex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant);

        private static readonly HashSet<Type> IntegerTypes = new HashSet<Type>
        {
            typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
            typeof(long), typeof(ulong), typeof(BigInteger),
        };

        private static readonly HashSet<Type> NumberTypes = new HashSet<Type> { typeof(float), typeof(double), typeof(decimal) };

        /// <summary>Builds the tool; throws ArgumentException naming the problem when the command cannot be one.</summary>
        internal static AurikoTool Build(CommandInfo command, string? parameterSetName, string? description)
        {
            command = Resolve(command);
            if (!FunctionName.IsMatch(command.Name))
            {
                throw new ArgumentException(Format(ToolMessages.BadFunctionName, command.Name));
            }

            var set = ChooseSet(command, parameterSetName);
            var help = CommandHelp.Read(command);

            var properties = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            var required = new List<object?>();
            var map = new Dictionary<string, ToolParameter>(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in OrderOf(set))
            {
                if (IsCommon(parameter.Name))
                {
                    continue;
                }

                if (parameter.Attributes.OfType<ParameterAttribute>().Any(p => p.DontShow) && !parameter.IsMandatory)
                {
                    continue;
                }

                if (NeverFromModel(parameter.ParameterType, out var why))
                {
                    if (parameter.IsMandatory)
                    {
                        throw new ArgumentException(Format(ToolMessages.MandatoryNotData, command.Name, set.Name, parameter.Name, why));
                    }
                    continue;
                }

                var schema = ParameterSchema(parameter.ParameterType, parameter.Attributes);
                string? text = help.DescriptionOf(parameter.Name) ?? NonEmpty(parameter.HelpMessage);
                if (text != null)
                {
                    schema["description"] = text;
                }

                properties[parameter.Name] = schema;
                map[parameter.Name] = new ToolParameter(parameter.Name, parameter.IsMandatory);
                if (parameter.IsMandatory)
                {
                    required.Add(parameter.Name);
                }
            }

            var parameters = new OrderedDictionary(StringComparer.OrdinalIgnoreCase)
            {
                ["type"] = "object",
                ["properties"] = properties,
                ["required"] = required.ToArray(),
                ["additionalProperties"] = false,
            };
            string toolDescription = NonEmpty(description)
                ?? help.Synopsis
                ?? Format(ToolMessages.DefaultDescription, command.Name);
            return new AurikoTool(command, set.Name, toolDescription, parameters, map);
        }

        /// <summary>An alias stands for the command it names; a native program has no parameter metadata.</summary>
        private static CommandInfo Resolve(CommandInfo command)
        {
            var seen = 0;
            while (command is AliasInfo alias)
            {
                if (alias.ResolvedCommand == null || ++seen > 32)
                {
                    throw new ArgumentException(Format(ToolMessages.UnresolvedAlias, alias.Name));
                }
                command = alias.ResolvedCommand;
            }
            if (command is ApplicationInfo)
            {
                throw new ArgumentException(Format(ToolMessages.NativeCommand, command.Name));
            }
            return command;
        }

        /// <summary>The named set, else the default set, else the only one.</summary>
        private static CommandParameterSetInfo ChooseSet(CommandInfo command, string? name)
        {
            var sets = command.ParameterSets;
            string names = string.Join(", ", sets.Select(s => s.Name));
            if (!string.IsNullOrEmpty(name))
            {
                return sets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ArgumentException(Format(ToolMessages.NoSuchSet, command.Name, name!, names));
            }
            if (sets.Count == 1)
            {
                return sets[0];
            }

            return sets.FirstOrDefault(s => s.IsDefault)
                ?? throw new ArgumentException(Format(ToolMessages.ChooseSet, command.Name, names));
        }

        /// <summary>Positional parameters first, by position, then the others as declared.</summary>
        private static IEnumerable<CommandParameterInfo> OrderOf(CommandParameterSetInfo set) =>
            set.Parameters
                .Select((p, i) => (Parameter: p, Index: i))
                .OrderBy(x => x.Parameter.Position < 0 ? int.MaxValue : x.Parameter.Position)
                .ThenBy(x => x.Index)
                .Select(x => x.Parameter);

        internal static bool IsCommon(string name) =>
            Cmdlet.CommonParameters.Contains(name) || Cmdlet.OptionalCommonParameters.Contains(name)
            // Added to the common parameters in PowerShell 7.4; not in 5.1's list.
            || string.Equals(name, "ProgressAction", StringComparison.OrdinalIgnoreCase);

        /// <summary>Types whose values must never come from a model: code and secrets.</summary>
        private static bool NeverFromModel(Type type, out string why)
        {
            var element = ElementType(type) ?? type;
            element = Nullable.GetUnderlyingType(element) ?? element;
            if (typeof(ScriptBlock).IsAssignableFrom(element))
            {
                why = "a script block";
                return true;
            }
            if (element == typeof(PSCredential) || element == typeof(SecureString))
            {
                why = "a secret (" + element.Name + ")";
                return true;
            }
            why = string.Empty;
            return false;
        }

        /// <summary>The schema of one parameter: arrays of their item type, validations on the items as PowerShell applies them.</summary>
        private static OrderedDictionary ParameterSchema(Type type, IList<Attribute> attributes)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            var element = ElementType(type);
            if (element == null)
            {
                return ValueSchema(type, attributes);
            }

            var schema = new OrderedDictionary(StringComparer.OrdinalIgnoreCase)
            {
                ["type"] = "array",
                ["items"] = ValueSchema(Nullable.GetUnderlyingType(element) ?? element, attributes),
            };
            var count = attributes.OfType<ValidateCountAttribute>().FirstOrDefault();
            if (count != null)
            {
                schema["minItems"] = count.MinLength;
                schema["maxItems"] = count.MaxLength;
            }
            return schema;
        }

        /// <summary>The item type of an array or generic list (not of a string or a dictionary), else null.</summary>
        private static Type? ElementType(Type type)
        {
            if (type.IsArray)
            {
                return type.GetElementType();
            }

            if (type == typeof(string) || typeof(IDictionary).IsAssignableFrom(type))
            {
                return null;
            }

            if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
            {
                var arguments = type.GetGenericArguments();
                if (arguments.Length == 1)
                {
                    return arguments[0];
                }
            }
            return null;
        }

        private static OrderedDictionary ValueSchema(Type type, IList<Attribute> attributes)
        {
            var schema = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            var set = attributes.OfType<ValidateSetAttribute>().FirstOrDefault();
            if (set != null)
            {
                var values = set.ValidValues.ToList();
                bool integers = IntegerTypes.Contains(type)
                    && values.All(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
                schema["type"] = integers ? "integer" : "string";
                schema["enum"] = integers
                    ? values.Select(v => (object)long.Parse(v, CultureInfo.InvariantCulture)).ToArray()
                    : values.Cast<object>().ToArray();
            }
            else if (type.IsEnum)
            {
                schema["type"] = "string";
                schema["enum"] = Enum.GetNames(type).Cast<object>().ToArray();
            }
            else if (type == typeof(bool) || type == typeof(SwitchParameter))
            {
                schema["type"] = "boolean";
            }
            else if (IntegerTypes.Contains(type))
            {
                schema["type"] = "integer";
            }
            else if (NumberTypes.Contains(type))
            {
                schema["type"] = "number";
            }
            else if (typeof(IDictionary).IsAssignableFrom(type))
            {
                schema["type"] = "object";
            }
            else if (type == typeof(object) || type == typeof(PSObject))
            {
                // Any JSON value: PowerShell passes it on as it is.
            }
            else
            {
                // Strings, and everything PowerShell converts from a string (dates, paths, TimeSpan, IPAddress...).
                schema["type"] = "string";
                if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
                {
                    schema["format"] = "date-time";
                }
            }

            AddRange(schema, attributes.OfType<ValidateRangeAttribute>().FirstOrDefault());
            var pattern = attributes.OfType<ValidatePatternAttribute>().FirstOrDefault();
            if (pattern != null)
            {
                schema["pattern"] = pattern.RegexPattern;
            }

            var length = attributes.OfType<ValidateLengthAttribute>().FirstOrDefault();
            if (length != null)
            {
                schema["minLength"] = length.MinLength;
                schema["maxLength"] = length.MaxLength;
            }
            return schema;
        }

        /// <summary>
        /// minimum and maximum from [ValidateRange(min, max)]; PowerShell 7's [ValidateRange('Positive')]
        /// and its kin have no bounds, only a kind, read by name so one build serves 5.1 too.
        /// </summary>
        private static void AddRange(OrderedDictionary schema, ValidateRangeAttribute? range)
        {
            if (range == null)
            {
                return;
            }

            var min = Number(range.MinRange);
            var max = Number(range.MaxRange);
            if (min != null)
            {
                schema["minimum"] = min;
            }

            if (max != null)
            {
                schema["maximum"] = max;
            }

            if (min != null || max != null)
            {
                return;
            }

            switch (range.GetType().GetProperty("RangeKind")?.GetValue(range)?.ToString())
            {
                case "Positive":
                    schema["exclusiveMinimum"] = 0;
                    break;
                case "NonNegative":
                    schema["minimum"] = 0;
                    break;
                case "Negative":
                    schema["exclusiveMaximum"] = 0;
                    break;
                case "NonPositive":
                    schema["maximum"] = 0;
                    break;
            }
        }

        /// <summary>A range bound as a JSON number: integers stay integers.</summary>
        private static object? Number(object? bound)
        {
            switch (bound)
            {
                case null:
                    return null;
                case double d:
                    return double.IsInfinity(d) || double.IsNaN(d) ? null : (object)d;
                case float f:
                    return float.IsInfinity(f) || float.IsNaN(f) ? null : (object)(double)f;
                case decimal m:
                    return m;
                case IConvertible c when IntegerTypes.Contains(bound.GetType()):
                    // decimal holds every integer bound exactly ([ulong]::MaxValue included) and writes as one.
                    return c.ToDecimal(CultureInfo.InvariantCulture);
                default:
                    return LanguagePrimitives.TryConvertTo(bound, CultureInfo.InvariantCulture, out double value) ? (object)value : null;
            }
        }

        private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();

        private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
    }
}
