using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// Fills <see cref="ChatChoice.Parsed"/> of every answer when a structured answer was asked for: a PSCustomObject
    /// graph for JSON mode or a schema given as a hashtable or JSON text, an instance of the type when -JsonSchema was a
    /// type. An answer that is not JSON, or does not fit the type, is a <see cref="StructuredOutputException"/> with the
    /// raw text and the request id, never a silent null.
    /// </summary>
    internal sealed class AnswerParser
    {
        private const int MaxShown = 200;

        private readonly TypeShape? _shape;

        private AnswerParser(TypeShape? shape)
        {
            _shape = shape;
        }

        /// <summary>
        /// The parser for this request's response format: -JsonSchema (typed when it was a type), or a -ResponseFormat
        /// of json_object or json_schema; null when the answer is plain text.
        /// </summary>
        internal static AnswerParser? For(JsonSchemaRequest? schema, object? responseFormat)
        {
            if (schema != null)
            {
                return new AnswerParser(schema.Shape);
            }

            return AsksForJson(responseFormat) ? new AnswerParser(null) : null;
        }

        private static bool AsksForJson(object? responseFormat)
        {
            object? type = responseFormat;
            if (responseFormat is IDictionary<string, object?> format)
            {
                format.TryGetValue("type", out type);
            }

            return type is string name
                && (string.Equals(name, "json_object", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(name, "json_schema", StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>Sets Parsed on every choice that has an answer (a choice that only calls tools has none).</summary>
        /// <exception cref="StructuredOutputException">A choice's answer is not JSON or does not fit the type.</exception>
        internal void Fill(ChatCompletion completion)
        {
            foreach (var choice in completion.Choices)
            {
                string? text = choice.Message.Content as string ?? choice.Message.Content?.ToString();
                if (string.IsNullOrEmpty(text) && choice.Message.ToolCalls is { Count: > 0 })
                {
                    continue;
                }

                choice.Parsed = Parse(text, choice.Index, completion);
            }
        }

        /// <summary>Like <see cref="Fill"/>, but hands the failure back instead of throwing it.</summary>
        internal bool TryFill(ChatCompletion completion, out StructuredOutputException? failure)
        {
            try
            {
                Fill(completion);
                failure = null;
                return true;
            }
            catch (StructuredOutputException ex)
            {
                failure = ex;
                return false;
            }
        }

        private object? Parse(string? text, int choiceIndex, ChatCompletion completion)
        {
            string requestId = completion.RequestId ?? "(none)";
            StructuredOutputException failure;
            if (!Auriko.Json.PlainJson.TryParse(text, out var plain, out var error))
            {
                failure = new StructuredOutputException(
                    Format(Messages.AnswerNotJson, choiceIndex, error, requestId, Shown(text)), text, false, _shape?.Type);
            }
            else
            {
                try
                {
                    return _shape == null ? ToPSObject(plain, "$") : ToType(plain, _shape, "$");
                }
                catch (AnswerMismatch mismatch)
                {
                    string message = _shape == null
                        ? Format(Messages.AnswerNotPSObject, choiceIndex, mismatch.Message, requestId, Shown(text))
                        : Format(Messages.AnswerDoesNotFit, choiceIndex, TypeShape.Name(_shape.Type), mismatch.Message, requestId, Shown(text));
                    failure = new StructuredOutputException(message, text, true, _shape?.Type) { JsonPath = mismatch.Path };
                }
            }
            failure.ChoiceIndex = choiceIndex;
            failure.RequestId = completion.RequestId;
            failure.Completion = completion;
            throw failure;
        }

        /// <summary>JSON as PowerShell shows it: objects become PSCustomObjects, arrays object[].</summary>
        private static object? ToPSObject(object? plain, string path)
        {
            switch (plain)
            {
                case Dictionary<string, object?> map:
                    var result = new PSObject();
                    foreach (var pair in map)
                    {
                        // PowerShell property names are never empty and ignore case, so "a" and "A" cannot both be one.
                        if (pair.Key.Length == 0)
                        {
                            throw new AnswerMismatch(path, Format(Messages.MismatchEmptyName, path));
                        }
                        if (result.Properties[pair.Key] != null)
                        {
                            throw new AnswerMismatch(path + "." + pair.Key, Format(Messages.MismatchDuplicateName, path, pair.Key));
                        }
                        result.Properties.Add(new PSNoteProperty(pair.Key, ToPSObject(pair.Value, path + "." + pair.Key)));
                    }
                    return result;
                case List<object?> list:
                    var items = new object?[list.Count];
                    for (int i = 0; i < items.Length; i++)
                    {
                        items[i] = ToPSObject(list[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                    }
                    return items;
                default:
                    return plain;
            }
        }

        /// <summary>Reads a JSON value into the shape's type, checking it fits on the way (with the JSON path of any misfit).</summary>
        private static object? ToType(object? value, TypeShape shape, string path)
        {
            if (value == null)
            {
                if (shape.Nullable)
                {
                    return null;
                }

                throw new AnswerMismatch(path, Format(Messages.MismatchNull, path, TypeShape.Name(shape.Type)));
            }
            switch (shape.Kind)
            {
                case JsonKind.Object:
                    return ToObject(value, shape, path);
                case JsonKind.Array:
                    return ToArray(value, shape, path);
                case JsonKind.String:
                    Expect(value is string, value, "a string", path);
                    break;
                case JsonKind.Enum:
                    Expect(value is string, value, "one of " + string.Join(", ", shape.EnumNames), path);
                    if (!Contains(shape.EnumNames, (string)value))
                    {
                        throw new AnswerMismatch(path, Format(Messages.MismatchValue, path, "one of " + string.Join(", ", shape.EnumNames), Describe(value)));
                    }
                    break;
                case JsonKind.Boolean:
                    Expect(value is bool, value, "true or false", path);
                    break;
                case JsonKind.Integer:
                    // 3.0 is an integer in JSON; 3.5 is not, and is never rounded into one.
                    Expect(value is long || (value is double d && Math.Floor(d) == d && !double.IsInfinity(d)), value, "an integer", path);
                    break;
                case JsonKind.Number:
                    Expect(value is long || value is double, value, "a number", path);
                    break;
            }
            return Convert(value, shape.Type, path);
        }

        private static object ToObject(object value, TypeShape shape, string path)
        {
            if (!(value is Dictionary<string, object?> map))
            {
                throw new AnswerMismatch(path, Format(Messages.MismatchValue, path, "an object", Describe(value)));
            }
            var bag = new PSObject();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in shape.Properties)
            {
                string propertyPath = path + "." + property.Name;
                if (!TryGet(map, property.Name, out var item))
                {
                    if (property.Shape.Nullable)
                    {
                        continue;
                    }

                    throw new AnswerMismatch(propertyPath, Format(Messages.MismatchMissing, propertyPath));
                }
                seen.Add(property.Name);
                bag.Properties.Add(new PSNoteProperty(property.Name, ToType(item, property.Shape, propertyPath)));
            }
            foreach (var key in map.Keys)
            {
                if (!seen.Contains(key))
                {
                    throw new AnswerMismatch(path + "." + key, Format(Messages.MismatchExtra, path + "." + key, TypeShape.Name(shape.Type)));
                }
            }
            // PowerShell's own conversion: a class (PowerShell or .NET) from a property bag, setters and all.
            return Convert(bag, shape.Type, path)!;
        }

        private static object ToArray(object value, TypeShape shape, string path)
        {
            if (!(value is List<object?> list))
            {
                throw new AnswerMismatch(path, Format(Messages.MismatchValue, path, "an array", Describe(value)));
            }
            var items = Array.CreateInstance(shape.Items!.Type, list.Count);
            for (int i = 0; i < list.Count; i++)
            {
                items.SetValue(ToType(list[i], shape.Items, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"), i);
            }
            if (shape.Type.IsAssignableFrom(items.GetType()))
            {
                return items;
            }
            // List<T> and other collections built from an array (TypeShape admits only those).
            return TypeShape.CollectionConstructor(shape.Type, items.GetType())!.Invoke(new object[] { items });
        }

        private static object? Convert(object value, Type type, string path)
        {
            try
            {
                return LanguagePrimitives.ConvertTo(value, type, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                // A value out of range, a date that is none, a class's own validation: PowerShell's message says which.
                string reason = (ex.InnerException ?? ex).Message;
                throw new AnswerMismatch(path, Format(Messages.MismatchConversion, path, TypeShape.Name(type), reason));
            }
        }

        private static void Expect(bool fits, object value, string expected, string path)
        {
            if (!fits)
            {
                throw new AnswerMismatch(path, Format(Messages.MismatchValue, path, expected, Describe(value)));
            }
        }

        private static bool TryGet(Dictionary<string, object?> map, string name, out object? value)
        {
            if (map.TryGetValue(name, out value))
            {
                return true;
            }

            foreach (var pair in map)
            {
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = pair.Value;
                    return true;
                }
            }
            return false;
        }

        private static bool Contains(IReadOnlyList<string> names, string value)
        {
            foreach (var name in names)
            {
                if (string.Equals(name, value, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }

        private static string Describe(object? value) => value switch
        {
            null => "null",
            string s => "'" + (s.Length > 40 ? s.Substring(0, 40) + "…" : s) + "'",
            bool b => b ? "true" : "false",
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            Dictionary<string, object?> _ => "an object",
            List<object?> _ => "an array",
            _ => value.ToString() ?? string.Empty,
        };

        /// <summary>The start of the answer, for the message; the whole text is on the exception.</summary>
        private static string Shown(string? text)
        {
            if (text == null)
            {
                return "(no text)";
            }

            return text.Length <= MaxShown ? text : text.Substring(0, MaxShown) + "…";
        }

        private static string Format(string format, params object?[] args) =>
            string.Format(CultureInfo.InvariantCulture, format, args);

        /// <summary>Where and why a JSON value does not fit the type; becomes a StructuredOutputException.</summary>
        private sealed class AnswerMismatch : Exception
        {
            internal AnswerMismatch(string path, string message)
                : base(message)
            {
                Path = path;
            }

            internal string Path { get; }
        }
    }
}
