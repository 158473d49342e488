using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Auriko.Json
{
    /// <summary>Tolerant accessors over <see cref="JsonElement"/>: a field of the wrong type reads as absent, never throws.</summary>
    internal static class JsonValues
    {
        public static bool TryProp(this JsonElement obj, string name, out JsonElement value)
        {
            if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null && value.ValueKind != JsonValueKind.Undefined)
            {
                return true;
            }

            value = default;
            return false;
        }

        public static string? Str(this JsonElement obj, string name)
        {
            if (!obj.TryProp(name, out var v))
            {
                return null;
            }

            return v.ValueKind switch
            {
                JsonValueKind.String => StringOrRaw(v),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
        }

        /// <summary>
        /// The string's value; for text .NET cannot represent (a lone surrogate escape such as <c>"\ud800"</c>) the raw JSON
        /// text between the quotes instead of an <see cref="InvalidOperationException"/>: liberal in what we accept.
        /// </summary>
        public static string StringOrRaw(this JsonElement value)
        {
            try
            {
                return value.GetString() ?? string.Empty;
            }
            catch (InvalidOperationException)
            {
                var raw = value.GetRawText();
                return raw.Length >= 2 ? raw.Substring(1, raw.Length - 2) : raw;
            }
        }

        public static double? Dbl(this JsonElement obj, string name)
        {
            if (!obj.TryProp(name, out var v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d))
            {
                return d;
            }

            return v.ValueKind == JsonValueKind.String && double.TryParse(v.StringOrRaw(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : null;
        }

        public static int? Int(this JsonElement obj, string name)
        {
            var d = obj.Dbl(name);
            return d is double x && x >= int.MinValue && x <= int.MaxValue ? (int)x : null;
        }

        public static bool? Bool(this JsonElement obj, string name)
        {
            if (!obj.TryProp(name, out var v))
            {
                return null;
            }

            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(v.StringOrRaw(), out var b) => b,
                _ => null,
            };
        }

        /// <summary>A number as <see cref="decimal"/>, exactly as written (money: no binary rounding such as 12.350000000000023).</summary>
        public static decimal? Dec(this JsonElement obj, string name)
        {
            if (!obj.TryProp(name, out var v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d))
            {
                return d;
            }

            return v.ValueKind == JsonValueKind.String && decimal.TryParse(v.StringOrRaw(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : null;
        }

        /// <summary>An ISO 8601 date (or Unix seconds) with the offset it was given; UTC when it has none.</summary>
        public static DateTimeOffset? Date(this JsonElement obj, string name)
        {
            if (!obj.TryProp(name, out var v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(v.StringOrRaw(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
            {
                return dto;
            }

            return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var epoch) ? FromUnix(epoch) : null;
        }

        public static DateTimeOffset? UnixTime(this JsonElement obj, string name)
        {
            if (!obj.TryProp(name, out var v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var seconds))
            {
                return FromUnix((long)seconds);
            }

            return v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.StringOrRaw(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto) ? dto : null;
        }

        public static DateTimeOffset? FromUnix(long seconds) =>
            seconds > 0 && seconds < 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

        public static IReadOnlyList<string> Strings(this JsonElement obj, string name)
        {
            if (!obj.TryProp(name, out var v) || v.ValueKind != JsonValueKind.Array)
            {
                return Array.Empty<string>();
            }

            var list = new List<string>();
            foreach (var item in v.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    list.Add(item.StringOrRaw());
                }
            }

            return list;
        }

        /// <summary>
        /// Converts any JSON value to plain .NET values: Dictionary (in document order; a repeated key keeps its last
        /// value, as JSON.parse and ConvertFrom-Json do), List, string, long/double, bool, null.
        /// </summary>
        public static object? ToPlain(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var p in value.EnumerateObject())
                    {
                        dict[p.Name] = ToPlain(p.Value);
                    }

                    return dict;
                case JsonValueKind.Array:
                    var list = new List<object?>(value.GetArrayLength());
                    foreach (var item in value.EnumerateArray())
                    {
                        list.Add(ToPlain(item));
                    }

                    return list;
                case JsonValueKind.String:
                    return value.StringOrRaw();
                case JsonValueKind.Number:
                    // Separate returns: a conditional would convert the long to double before boxing.
                    if (value.TryGetInt64(out var l))
                    {
                        return l;
                    }

                    // Beyond double's range the number stays as written rather than becoming infinity.
                    return value.TryGetDouble(out var real) ? real : (object)value.GetRawText();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        /// <summary>The properties of <paramref name="obj"/> whose names are not in <paramref name="known"/>, as plain values.</summary>
        public static IReadOnlyDictionary<string, object?> Unknown(JsonElement obj, HashSet<string> known)
        {
            Dictionary<string, object?>? extra = null;
            foreach (var p in obj.EnumerateObject())
            {
                if (!known.Contains(p.Name))
                {
                    (extra ??= new Dictionary<string, object?>(StringComparer.Ordinal))[p.Name] = ToPlain(p.Value);
                }
            }

            return extra ?? RoutingMetadata.NoProperties;
        }
    }
}
