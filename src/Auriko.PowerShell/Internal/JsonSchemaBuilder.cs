using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;

namespace Auriko.PowerShell.Internal
{
    /// <summary>What -JsonSchema asks for: the schema, its name, and the type the answer becomes (if a type was given).</summary>
    internal sealed class JsonSchemaRequest
    {
        internal JsonSchemaRequest(string name, Dictionary<string, object?> schema, bool strict, TypeShape? shape)
        {
            Name = name;
            Schema = schema;
            Strict = strict;
            Shape = shape;
        }

        /// <summary>The schema's name (<c>json_schema.name</c>).</summary>
        internal string Name { get; }

        internal Dictionary<string, object?> Schema { get; }

        internal bool Strict { get; }

        /// <summary>The type the answer is read into, when -JsonSchema was a type; else null (a PSCustomObject).</summary>
        internal TypeShape? Shape { get; }

        /// <summary>The request's <c>response_format</c>.</summary>
        internal Dictionary<string, object?> ToResponseFormat() => new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = "json_schema",
            ["json_schema"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = Name,
                ["schema"] = Schema,
                ["strict"] = Strict,
            },
        };
    }

    /// <summary>
    /// Turns -JsonSchema into a JSON schema: a hashtable or [ordered] dictionary (or PSCustomObject) is the schema
    /// itself, JSON text is parsed, and a .NET or PowerShell class is described from its public settable properties
    /// (see <see cref="TypeShape"/>) in the form strict structured outputs accept.
    /// </summary>
    internal static class JsonSchemaBuilder
    {
        /// <summary>The name when neither -JsonSchemaName, a type nor the schema's title gives one.</summary>
        internal const string DefaultName = "response";

        private static readonly Regex ValidName = new Regex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant);

        /// <exception cref="ArgumentException">The value is no schema, or a type cannot be described; the message says why.</exception>
        internal static JsonSchemaRequest FromParameter(object? value, string? name)
        {
            if (name != null && !ValidName.IsMatch(name))
            {
                throw new ArgumentException(Format(Messages.SchemaBadName, name));
            }

            value = PSObjects.Unwrap(value);
            if (value is string text)
            {
                value = FromText(text);
            }
            if (value is Type type)
            {
                var shape = TypeShape.ForRoot(type);
                return new JsonSchemaRequest(name ?? SafeName(type.Name), ToSchema(shape), true, shape);
            }
            if (value is IDictionary || value is PSObject)
            {
                var schema = PlainConverter.ToDictionary(value, "-JsonSchema")!;
                bool strict = true;
                string? wrapperName = null;
                // The json_schema object itself ({name, schema, strict}) is accepted too, as the API documents it.
                if (schema.TryGetValue("schema", out var inner) && inner is Dictionary<string, object?> innerSchema
                    && !schema.ContainsKey("type") && !schema.ContainsKey("properties"))
                {
                    wrapperName = schema.TryGetValue("name", out var n) ? n as string : null;
                    if (schema.TryGetValue("strict", out var s) && s is bool b)
                    {
                        strict = b;
                    }

                    schema = innerSchema;
                }
                string? title = schema.TryGetValue("title", out var t) ? t as string : null;
                string chosen = name ?? wrapperName ?? (title != null ? SafeName(title) : DefaultName);
                if (!ValidName.IsMatch(chosen))
                {
                    throw new ArgumentException(Format(Messages.SchemaBadName, chosen));
                }

                return new JsonSchemaRequest(chosen, schema, strict, null);
            }
            throw new ArgumentException(Format(Messages.SchemaUnsupportedValue, PlainConverter.DescribeType(value)));
        }

        /// <summary>JSON text ({...}) is parsed; any other text is taken as a type name (-JsonSchema Ticket).</summary>
        private static object FromText(string text)
        {
            if (text.TrimStart().StartsWith("{", StringComparison.Ordinal))
            {
                if (!Auriko.Json.PlainJson.TryParse(text, out var parsed, out var error))
                {
                    throw new ArgumentException(Format(Messages.SchemaBadJson, error));
                }
                return parsed!;
            }
            if (LanguagePrimitives.TryConvertTo(text, out Type type) && type != null)
            {
                return type;
            }

            throw new ArgumentException(Format(Messages.SchemaNotJsonNorType, text));
        }

        /// <summary>The strict JSON schema of a shape: every property listed in required, no additional properties.</summary>
        internal static Dictionary<string, object?> ToSchema(TypeShape shape) => ToSchema(shape, shape.Description);

        private static Dictionary<string, object?> ToSchema(TypeShape shape, string? description)
        {
            var schema = new Dictionary<string, object?>(StringComparer.Ordinal);
            string type = shape.Kind switch
            {
                JsonKind.Object => "object",
                JsonKind.Array => "array",
                JsonKind.Integer => "integer",
                JsonKind.Number => "number",
                JsonKind.Boolean => "boolean",
                _ => "string",
            };
            // Optional values are nullable, not left out: strict mode wants every property in 'required'.
            schema["type"] = shape.Nullable ? new List<object?> { type, "null" } : (object)type;
            if (description != null)
            {
                schema["description"] = description;
            }

            if (shape.Format != null)
            {
                schema["format"] = shape.Format;
            }

            switch (shape.Kind)
            {
                case JsonKind.Enum:
                    var names = new List<object?>(shape.EnumNames);
                    if (shape.Nullable)
                    {
                        names.Add(null);
                    }

                    schema["enum"] = names;
                    break;
                case JsonKind.Array:
                    schema["items"] = ToSchema(shape.Items!, null);
                    break;
                case JsonKind.Object:
                    var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
                    var required = new List<object?>();
                    foreach (var property in shape.Properties)
                    {
                        properties[property.Name] = ToSchema(property.Shape, property.Description ?? property.Shape.Description);
                        required.Add(property.Name);
                    }
                    schema["properties"] = properties;
                    schema["required"] = required;
                    schema["additionalProperties"] = false;
                    break;
            }
            return schema;
        }

        /// <summary>A schema name the API accepts (letters, digits, _ and -, at most 64) made from a type name or title.</summary>
        private static string SafeName(string text)
        {
            var sb = new StringBuilder(Math.Min(text.Length, 64));
            foreach (char c in text)
            {
                if (sb.Length == 64)
                {
                    break;
                }

                sb.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ? c : '_');
            }
            return sb.Length > 0 ? sb.ToString() : DefaultName;
        }

        private static string Format(string format, params object?[] args) =>
            string.Format(CultureInfo.InvariantCulture, format, args);
    }
}
