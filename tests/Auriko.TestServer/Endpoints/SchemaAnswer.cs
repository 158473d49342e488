using System.Text;
using System.Text.Json;
using Auriko.TestServer.Api;

namespace Auriko.TestServer.Endpoints;

/// <summary>
/// Deterministic JSON that fits a JSON schema, for json_schema answers: every object property in schema order,
/// strings "&lt;property&gt; &lt;answer&gt;" (or a fixed date-time, date, uuid or email for those formats), integers and
/// numbers from the answer number (kept within minimum/maximum), booleans true for odd answers, two array items (within
/// minItems/maxItems), the answer's pick of an enum, the first alternative of anyOf/oneOf, local $refs. Answer k of n
/// differs from the others, so tests can tell the choices apart.
/// </summary>
internal static class SchemaAnswer
{
    private const int MaxDepth = 32;

    /// <summary>JSON text that fits <paramref name="schema"/>, for answer number <paramref name="answer"/> (1-based).</summary>
    public static string Generate(JsonElement schema, int answer) =>
        Encoding.UTF8.GetString(Json.Build(w => Write(w, schema, schema, "value", answer, 0)));

    /// <summary>What JSON mode answers: an object naming the answer and echoing the request.</summary>
    public static string JsonObject(string echo, int answer) =>
        Encoding.UTF8.GetString(Json.Build(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("answer", answer);
            w.WriteString("echo", echo);
            w.WriteEndObject();
        }));

    private static void Write(Utf8JsonWriter w, JsonElement root, JsonElement schema, string label, int answer, int depth)
    {
        if (depth > MaxDepth || schema.ValueKind != JsonValueKind.Object)
        {
            w.WriteNullValue();
            return;
        }
        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
        {
            Write(w, root, Resolve(root, reference.GetString()!), label, answer, depth + 1);
            return;
        }
        if (schema.TryGetProperty("const", out var constant))
        {
            constant.WriteTo(w);
            return;
        }
        if (schema.TryGetProperty("enum", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            // Skip a null the enum allows (a nullable enum) unless it is the only value.
            var values = choices.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null).ToList();
            if (values.Count == 0)
            {
                w.WriteNullValue();
            }
            else
            {
                values[(answer - 1) % values.Count].WriteTo(w);
            }

            return;
        }
        foreach (var combinator in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var alternatives) && alternatives.ValueKind == JsonValueKind.Array)
            {
                var first = alternatives.EnumerateArray().FirstOrDefault(a => TypeOf(a) != "null");
                if (first.ValueKind == JsonValueKind.Object)
                {
                    Write(w, root, first, label, answer, depth + 1);
                    return;
                }
            }
        }

        switch (TypeOf(schema))
        {
            case "object":
                w.WriteStartObject();
                if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        w.WritePropertyName(property.Name);
                        Write(w, root, property.Value, property.Name, answer, depth + 1);
                    }
                }
                w.WriteEndObject();
                return;
            case "array":
                int count = Math.Clamp(2, Number(schema, "minItems") is { } min ? (int)min : 0, Number(schema, "maxItems") is { } max ? (int)max : int.MaxValue);
                schema.TryGetProperty("items", out var items);
                w.WriteStartArray();
                for (int i = 0; i < count; i++)
                {
                    Write(w, root, items, $"{label} {i + 1}", answer, depth + 1);
                }

                w.WriteEndArray();
                return;
            case "integer":
                w.WriteNumberValue((long)Within(schema, answer));
                return;
            case "number":
                w.WriteNumberValue(Within(schema, answer + 0.5));
                return;
            case "boolean":
                w.WriteBooleanValue(answer % 2 == 1);
                return;
            case "null":
                w.WriteNullValue();
                return;
            default:
                w.WriteStringValue(StringFor(schema, label, answer));
                return;
        }
    }

    /// <summary>The schema's type: the first non-null of a type list; else implied by properties/items; else string.</summary>
    private static string TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "null";
        }

        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString()!;
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                var names = type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList();
                return names.FirstOrDefault(n => n != "null") ?? "null";
            }
        }
        if (schema.TryGetProperty("properties", out _))
        {
            return "object";
        }

        if (schema.TryGetProperty("items", out _))
        {
            return "array";
        }

        return "string";
    }

    private static string StringFor(JsonElement schema, string label, int answer)
    {
        var format = schema.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        return format switch
        {
            "date-time" => $"2025-01-{answer % 28 + 1:00}T09:30:00Z",
            "date" => $"2025-01-{answer % 28 + 1:00}",
            "uuid" => $"00000000-0000-4000-8000-{answer:000000000000}",
            "email" => $"user{answer}@example.com",
            _ => $"{label} {answer}",
        };
    }

    private static double Within(JsonElement schema, double value)
    {
        if (Number(schema, "minimum") is { } min && value < min)
        {
            value = min;
        }

        if (Number(schema, "maximum") is { } max && value > max)
        {
            value = max;
        }

        return value;
    }

    private static double? Number(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>A local reference such as <c>#/$defs/Address</c>; anything else resolves to nothing (null).</summary>
    private static JsonElement Resolve(JsonElement root, string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return default;
        }

        var current = root;
        foreach (var segment in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return default;
            }
        }
        return current;
    }
}
