using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// Turns what PowerShell users write (hashtables, [ordered], PSCustomObject, arrays, PSObject
    /// wrappers) into the plain .NET graphs the client serialises: null, string, bool, numbers,
    /// enums, dates, Guid, Dictionary&lt;string, object?&gt; and List&lt;object?&gt;.
    /// </summary>
    internal static class PlainConverter
    {
        private const int MaxDepth = 64;

        internal static object? ToPlain(object? value, string path) => Convert(value, path, 0);

        internal static Dictionary<string, object?>? ToDictionary(object? value, string path)
        {
            var plain = Convert(value, path, 0);
            if (plain == null)
            {
                return null;
            }

            if (plain is Dictionary<string, object?> dict)
            {
                return dict;
            }

            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                "{0} must be a hashtable or an object with properties (got {1}).", path, DescribeType(value)));
        }

        internal static object? Unwrap(object? value) => PSObjects.Unwrap(value);

        private static object? Convert(object? value, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Messages.TooDeep, path, MaxDepth));
            }
            value = Unwrap(value);
            switch (value)
            {
                case null:
                    return null;
                case string s:
                    return s;
                case char c:
                    return c.ToString();
                case bool _:
                case byte _: case sbyte _: case short _: case ushort _:
                case int _: case uint _: case long _: case ulong _:
                case float _: case double _: case decimal _:
                case DateTime _: case DateTimeOffset _: case Guid _:
                    return value;
                case Enum e:
                    return e.ToString();
                case SwitchParameter sw:
                    return sw.IsPresent;
                case Uri u:
                    return u.OriginalString;
                case TimeSpan ts:
                    return ts.ToString("c", CultureInfo.InvariantCulture);
                case ScriptBlock _:
                    throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Messages.UnsupportedValue, path, "ScriptBlock"));
                case PSObject pso: // PSCustomObject
                    return FromProperties(pso, path, depth);
                case IDictionary dict:
                {
                    var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (DictionaryEntry entry in dict)
                    {
                        string key = System.Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture) ?? string.Empty;
                        result[key] = Convert(entry.Value, path + "." + key, depth + 1);
                    }
                    return result;
                }
                case IEnumerable enumerable:
                {
                    var list = new List<object?>();
                    int i = 0;
                    foreach (var item in enumerable)
                    {
                        list.Add(Convert(item, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1));
                        i++;
                    }
                    return list;
                }
                default:
                    // Any other object (a typed client model, a .NET object): its public properties.
                    return FromProperties(PSObject.AsPSObject(value), path, depth);
            }
        }

        private static Dictionary<string, object?> FromProperties(PSObject pso, string path, int depth)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in pso.Properties)
            {
                if (!property.IsGettable)
                {
                    continue;
                }

                object? v;
                try { v = property.Value; }
                catch (GetValueException) { continue; }
                result[property.Name] = Convert(v, path + "." + property.Name, depth + 1);
            }
            return result;
        }

        internal static string DescribeType(object? value)
        {
            var v = Unwrap(value);
            if (v == null)
            {
                return "null";
            }

            if (v is PSObject)
            {
                return "PSCustomObject";
            }

            return v.GetType().Name;
        }

        /// <summary>Case-insensitive lookup of the first of <paramref name="names"/> on a hashtable or object.</summary>
        internal static bool TryGetMember(object? value, out object? result, params string[] names)
        {
            result = null;
            value = Unwrap(value);
            if (value == null)
            {
                return false;
            }

            if (value is IDictionary dict)
            {
                foreach (var name in names)
                {
                    foreach (DictionaryEntry entry in dict)
                    {
                        if (string.Equals(System.Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase))
                        {
                            result = Unwrap(entry.Value);
                            return true;
                        }
                    }
                }
                return false;
            }
            var pso = value as PSObject ?? PSObject.AsPSObject(value);
            foreach (var name in names)
            {
                var property = pso.Properties[name];
                if (property != null && property.IsGettable)
                {
                    result = Unwrap(property.Value);
                    return true;
                }
            }
            return false;
        }
    }
}
