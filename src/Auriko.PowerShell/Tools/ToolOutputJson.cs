using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace Auriko.PowerShell.Tools
{
    /// <summary>
    /// A tool's output as JSON text for the model, bounded like ConvertTo-Json's depth and, beyond
    /// that, in size: objects deeper than <see cref="MaxDepth"/> become their text, collections inside
    /// an object keep at most <see cref="MaxNestedItems"/> items, and the whole text stays under
    /// <see cref="MaxChars"/> characters (items that do not fit are counted, not converted).
    /// </summary>
    internal static class ToolOutputJson
    {
        /// <summary>Nesting levels kept as objects (ConvertTo-Json's default is 2).</summary>
        internal const int MaxDepth = 2;

        /// <summary>Items kept of a collection found inside an output object.</summary>
        internal const int MaxNestedItems = 50;

        /// <summary>The most characters of JSON one tool result sends to the model.</summary>
        internal const int MaxChars = 16000;

        /// <summary>Room kept for the note that says how many items were left out.</summary>
        private const int CutNoteReserve = 120;

        /// <summary>The output as JSON: the object itself for one item, an array for none or several.</summary>
        internal static string FromOutput(IList<PSObject> output)
        {
            if (output.Count == 1)
            {
                string single = ToJson(Plain(output[0], 0));
                if (single.Length <= MaxChars)
                {
                    return single;
                }
                // Cut to a JSON string; escaping may lengthen it, so cut shorter until it fits.
                int keep = MaxChars - CutNoteReserve;
                string cut;
                while ((cut = ToJson(Cut(single, keep))).Length > MaxChars && keep > 0)
                {
                    keep = Math.Max(0, keep - (cut.Length - MaxChars) - 16);
                }
                return cut;
            }

            var items = new List<object?>();
            int length = 2 + CutNoteReserve;
            for (int i = 0; i < output.Count; i++)
            {
                string json = ToJson(Plain(output[i], 0));
                if (length + json.Length + 1 > MaxChars)
                {
                    items.Add(string.Format(CultureInfo.InvariantCulture, ToolMessages.OutputCut, output.Count - i, MaxChars));
                    break;
                }
                items.Add(new RawJson(json));
                length += json.Length + 1;
            }
            return Join(items);
        }

        /// <summary>A plain graph (strings, numbers, dictionaries, lists) as compact JSON text.</summary>
        internal static string ToJson(object? plain) => Auriko.Json.RequestWriter.ToJsonText(plain, "output");

        /// <summary>The start of an over-long JSON text, as a string value that says it was cut.</summary>
        private static string Cut(string json, int keep) =>
            json.Substring(0, keep) + string.Format(CultureInfo.InvariantCulture, ToolMessages.TextCut, MaxChars);

        /// <summary>Already-serialised items joined into one array (each item is converted once).</summary>
        private static string Join(List<object?> items)
        {
            var sb = new System.Text.StringBuilder("[");
            for (int i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append(items[i] is RawJson raw ? raw.Text : ToJson(items[i]));
            }
            return sb.Append(']').ToString();
        }

        private sealed class RawJson
        {
            internal RawJson(string text) => Text = text;

            internal string Text { get; }
        }

        /// <summary>A value as a plain graph the client's writer accepts, bounded in depth and breadth.</summary>
        internal static object? Plain(object? value, int depth)
        {
            var pso = value as PSObject;
            object? baseObject = pso != null ? pso.BaseObject : value;
            switch (baseObject)
            {
                case null:
                    return null;
                case string s:
                    return s;
                case char c:
                    return c.ToString();
                case bool _:
                case byte _: case sbyte _: case short _: case ushort _:
                case int _: case uint _: case long _: case ulong _: case decimal _:
                case DateTime _: case DateTimeOffset _: case Guid _:
                    return baseObject;
                case double d:
                    return double.IsNaN(d) || double.IsInfinity(d) ? (object)d.ToString(CultureInfo.InvariantCulture) : d;
                case float f:
                    return float.IsNaN(f) || float.IsInfinity(f) ? (object)f.ToString(CultureInfo.InvariantCulture) : (double)f;
                case Enum e:
                    return e.ToString();
                case SwitchParameter sw:
                    return sw.IsPresent;
                case ScriptBlock sb:
                    return sb.ToString();
            }

            if (depth >= MaxDepth)
            {
                return Text(value);
            }

            if (baseObject is PSCustomObject && pso != null)
            {
                return Properties(pso, depth);
            }

            if (baseObject is IDictionary dictionary)
            {
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (result.Count >= MaxNestedItems)
                    {
                        break;
                    }

                    result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Plain(entry.Value, depth + 1);
                }
                return result;
            }
            if (baseObject is IEnumerable enumerable)
            {
                // Stops at the bound without counting the rest: a lazy sequence may be long, or endless.
                var list = new List<object?>();
                foreach (var item in enumerable)
                {
                    if (list.Count == MaxNestedItems)
                    {
                        list.Add("... more items not shown");
                        break;
                    }
                    list.Add(Plain(item, depth + 1));
                }
                return list;
            }
            // A value type or a type without properties (IPAddress, TimeSpan, Version, Uri...) reads best as its text.
            var wrapped = pso ?? PSObject.AsPSObject(baseObject);
            return baseObject.GetType().IsValueType || !HasProperties(wrapped) ? Text(value) : Properties(wrapped, depth);
        }

        private static bool HasProperties(PSObject pso)
        {
            foreach (var _ in pso.Properties)
            {
                return true;
            }

            return false;
        }

        private static Dictionary<string, object?> Properties(PSObject pso, int depth)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in pso.Properties)
            {
                if (!property.IsGettable)
                {
                    continue;
                }

                object? propertyValue;
                try
                {
                    propertyValue = property.Value;
                }
                catch (Exception ex) when (ex is GetValueException || ex is RuntimeException)
                {
                    continue;
                }
                result[property.Name] = Plain(propertyValue, depth + 1);
            }
            return result;
        }

        private static string Text(object? value)
        {
            try
            {
                return LanguagePrimitives.ConvertTo<string>(value) ?? string.Empty;
            }
            catch (PSInvalidCastException)
            {
                return value?.ToString() ?? string.Empty;
            }
        }
    }
}
