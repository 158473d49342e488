using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Auriko
{
    /// <summary>Routing strategies of both documentation eras (wire names in <see cref="RoutingOptions.OptimizeWireNames"/>).</summary>
    public enum Optimize
    {
        /// <summary><c>cost</c>: cheapest viable provider.</summary>
        Cost,

        /// <summary><c>cheapest</c>: lowest price regardless of latency.</summary>
        Cheapest,

        /// <summary><c>speed</c>: fastest overall.</summary>
        Speed,

        /// <summary><c>ttft</c>: lowest time to first token.</summary>
        Ttft,

        /// <summary><c>throughput</c>: most tokens per second.</summary>
        Throughput,

        /// <summary><c>balanced</c>: a mix of cost, latency and reliability.</summary>
        Balanced,

        /// <summary><c>cost-focus</c>: mostly cost.</summary>
        CostFocus,

        /// <summary><c>ttft-focus</c>: mostly time to first token.</summary>
        TtftFocus,

        /// <summary><c>tps</c>: tokens per second.</summary>
        Tps,

        /// <summary><c>tps-focus</c>: mostly tokens per second.</summary>
        TpsFocus,
    }

    /// <summary>How several models are combined.</summary>
    public enum RoutingMode
    {
        /// <summary><c>pool</c>: the best-scoring provider across all models.</summary>
        Pool,

        /// <summary><c>fallback</c>: the models in order.</summary>
        Fallback,
    }

    /// <summary>Custom routing weights (non-negative).</summary>
    public sealed class RoutingWeights
    {
        /// <summary>Weight of price.</summary>
        public double? Cost { get; set; }

        /// <summary>Weight of time to first token.</summary>
        public double? Ttft { get; set; }

        /// <summary>Weight of throughput.</summary>
        public double? Throughput { get; set; }

        /// <summary>Weight of reliability.</summary>
        public double? Reliability { get; set; }

        internal RoutingWeights CloneWeights() => (RoutingWeights)MemberwiseClone();
    }

    /// <summary>How Auriko should choose a provider (the <c>routing</c> object).</summary>
    public sealed class RoutingOptions
    {
        /// <summary>The routing strategy.</summary>
        public Optimize? Optimize { get; set; }

        /// <summary>Custom weights (the server then reports strategy <c>custom</c>).</summary>
        public RoutingWeights? Weights { get; set; }

        /// <summary>Exclude providers whose average price per 1M tokens exceeds this (USD).</summary>
        public double? MaxCostPer1M { get; set; }

        /// <summary>Exclude providers slower than this to the first token (ms).</summary>
        public double? MaxTtftMs { get; set; }

        /// <summary>Exclude providers slower than this (tokens per second).</summary>
        public double? MinThroughputTps { get; set; }

        /// <summary>Exclude providers less reliable than this (0–1).</summary>
        public double? MinSuccessRate { get; set; }

        /// <summary>Only these providers.</summary>
        public IList<string>? Providers { get; set; }

        /// <summary>Never these providers.</summary>
        public IList<string>? ExcludeProviders { get; set; }

        /// <summary>Prefer these providers when viable (a soft hint).</summary>
        public IList<string>? Prefer { get; set; }

        /// <summary>How several models combine.</summary>
        public RoutingMode? Mode { get; set; }

        /// <summary>Retry the next candidate when a provider fails.</summary>
        public bool? AllowFallbacks { get; set; }

        /// <summary>How many fallback candidates to try.</summary>
        public int? MaxFallbackAttempts { get; set; }

        /// <summary><c>none</c>, <c>no_training</c> or <c>zdr</c>.</summary>
        public string? DataPolicy { get; set; }

        /// <summary>Use only your bring-your-own keys.</summary>
        public bool? OnlyByok { get; set; }

        /// <summary>Ignore your bring-your-own keys.</summary>
        public bool? OnlyPlatform { get; set; }

        /// <summary>Only providers that support every request parameter.</summary>
        public bool? RequireParameters { get; set; }

        /// <summary>Which TTFT percentile constraints use: <c>p50</c> or <c>p95</c>.</summary>
        public string? TtftPercentile { get; set; }

        /// <summary>Which throughput percentile constraints use: <c>p50</c> or <c>p95</c>.</summary>
        public string? ThroughputPercentile { get; set; }

        /// <summary>A provider tier, e.g. <c>priority</c>.</summary>
        public string? Tier { get; set; }

        /// <summary>Per-provider attempt timeout in milliseconds.</summary>
        public int? TimeoutMs { get; set; }

        /// <summary>Overall routing deadline in milliseconds.</summary>
        public int? DeadlineMs { get; set; }

        /// <summary>The wire names of every <see cref="Auriko.Optimize"/> value.</summary>
        public static IReadOnlyList<string> OptimizeWireNames { get; } = WireNames<Optimize>();

        /// <summary>
        /// The routing fields: wire name, property and kind, in wire order. This one table drives reading a dictionary
        /// (<see cref="FromDictionary"/>), <see cref="Validate"/> and writing the JSON (<see cref="WriteTo"/>), so a new
        /// field is one new row.
        /// </summary>
        private static readonly RoutingField[] Fields =
        {
            RoutingField.Enum<Optimize>("optimize", o => o.Optimize, (o, v) => o.Optimize = v),
            RoutingField.Weights("weights", o => o.Weights, (o, v) => o.Weights = v),
            RoutingField.Number("max_cost_per_1m", o => o.MaxCostPer1M, (o, v) => o.MaxCostPer1M = v, Check.Positive),
            RoutingField.Number("max_ttft_ms", o => o.MaxTtftMs, (o, v) => o.MaxTtftMs = v, Check.Positive),
            RoutingField.Number("min_throughput_tps", o => o.MinThroughputTps, (o, v) => o.MinThroughputTps = v, Check.Positive),
            RoutingField.Number("min_success_rate", o => o.MinSuccessRate, (o, v) => o.MinSuccessRate = v, Check.Fraction),
            RoutingField.List("providers", o => o.Providers, (o, v) => o.Providers = v),
            RoutingField.List("exclude_providers", o => o.ExcludeProviders, (o, v) => o.ExcludeProviders = v),
            RoutingField.List("prefer", o => o.Prefer, (o, v) => o.Prefer = v, oneAsString: true),
            RoutingField.Enum<RoutingMode>("mode", o => o.Mode, (o, v) => o.Mode = v),
            RoutingField.Bool("allow_fallbacks", o => o.AllowFallbacks, (o, v) => o.AllowFallbacks = v),
            RoutingField.Integer("max_fallback_attempts", o => o.MaxFallbackAttempts, (o, v) => o.MaxFallbackAttempts = v, Check.NonNegative),
            RoutingField.OneOf("data_policy", o => o.DataPolicy, (o, v) => o.DataPolicy = v, "none", "no_training", "zdr"),
            RoutingField.Bool("only_byok", o => o.OnlyByok, (o, v) => o.OnlyByok = v),
            RoutingField.Bool("only_platform", o => o.OnlyPlatform, (o, v) => o.OnlyPlatform = v),
            RoutingField.Bool("require_parameters", o => o.RequireParameters, (o, v) => o.RequireParameters = v),
            RoutingField.OneOf("ttft_percentile", o => o.TtftPercentile, (o, v) => o.TtftPercentile = v, "p50", "p95"),
            RoutingField.OneOf("throughput_percentile", o => o.ThroughputPercentile, (o, v) => o.ThroughputPercentile = v, "p50", "p95"),
            RoutingField.Text("tier", o => o.Tier, (o, v) => o.Tier = v),
            RoutingField.Integer("timeout_ms", o => o.TimeoutMs, (o, v) => o.TimeoutMs = v, Check.Positive),
            RoutingField.Integer("deadline_ms", o => o.DeadlineMs, (o, v) => o.DeadlineMs = v, Check.Positive),
        };

        /// <summary>A deep copy: changing the copy (its lists and weights included) never changes this object.</summary>
        public RoutingOptions Clone()
        {
            var copy = (RoutingOptions)MemberwiseClone();
            copy.Weights = Weights is null ? null : Weights.CloneWeights();
            copy.Providers = Providers is null ? null : new List<string>(Providers);
            copy.ExcludeProviders = ExcludeProviders is null ? null : new List<string>(ExcludeProviders);
            copy.Prefer = Prefer is null ? null : new List<string>(Prefer);
            return copy;
        }

        /// <summary>
        /// Builds routing options from a dictionary (e.g. a PowerShell hashtable). Keys may be snake_case,
        /// PascalCase or camelCase, compared case-insensitively; values may be strings or typed values.
        /// </summary>
        /// <param name="values">The keys and values; null values are ignored.</param>
        /// <returns>The options, validated.</returns>
        /// <exception cref="InvalidRequestException">An unknown key or a bad value; the message names it and lists the valid ones.</exception>
        public static RoutingOptions FromDictionary(IDictionary values)
        {
            if (values is null)
            {
                throw new ArgumentNullException(nameof(values));
            }

            var options = new RoutingOptions();
            foreach (DictionaryEntry entry in values)
            {
                var key = entry.Key?.ToString() ?? string.Empty;
                var field = Fields.FirstOrDefault(f => Normalize(f.Wire) == Normalize(key))
                    ?? throw new InvalidRequestException(
                        $"Unknown routing option '{key}'. Valid options: {string.Join(", ", Fields.Select(f => f.Wire))}.",
                        "routing." + key);
                if (entry.Value != null)
                {
                    field.Parse(options, entry.Value, "routing." + field.Wire);
                }
            }

            options.Validate();
            return options;
        }

        /// <summary>Parses a strategy from its wire name (<c>cost-focus</c>) or enum name (<c>CostFocus</c>), case-insensitively.</summary>
        /// <param name="value">The name.</param>
        /// <returns>The strategy.</returns>
        /// <exception cref="InvalidRequestException">Not a known strategy; the message lists the valid ones.</exception>
        public static Optimize ParseOptimize(string value) => ParseEnum<Optimize>(value, "routing.optimize");

        /// <summary>The wire name of a strategy, e.g. <c>cost-focus</c>.</summary>
        /// <param name="value">The strategy.</param>
        /// <returns>The wire name.</returns>
        /// <exception cref="InvalidRequestException">The value is not a defined strategy.</exception>
        public static string ToWireName(Optimize value) => WireName(value, "routing.optimize");

        /// <summary>Checks ranges and values.</summary>
        /// <exception cref="InvalidRequestException">A value is out of range; the message names the field.</exception>
        public void Validate()
        {
            foreach (var field in Fields)
            {
                field.Validate(this, "routing." + field.Wire);
            }

            if (OnlyByok == true && OnlyPlatform == true)
            {
                throw new InvalidRequestException("routing.only_byok and routing.only_platform cannot both be true.", "routing.only_byok");
            }
        }

        /// <summary>Writes the routing object: snake_case keys, only what is set, in the table's order.</summary>
        internal void WriteTo(System.Text.Json.Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            foreach (var field in Fields)
            {
                field.Write(this, writer);
            }

            writer.WriteEndObject();
        }

        /// <summary>
        /// The wire name of an enum value, made from its name (<c>CostFocus</c> is <c>cost-focus</c>), so values map
        /// by name and never by position.
        /// </summary>
        internal static string WireName<T>(T value, string param)
            where T : struct, Enum
        {
            if (!Enum.IsDefined(typeof(T), value))
            {
                throw new InvalidRequestException(
                    $"Invalid value {Convert.ToInt64(value, CultureInfo.InvariantCulture)} for {param}. Valid values: {string.Join(", ", WireNames<T>())}.", param);
            }

            var name = value.ToString();
            var sb = new System.Text.StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]))
                {
                    sb.Append('-');
                }

                sb.Append(char.ToLowerInvariant(name[i]));
            }

            return sb.ToString();
        }

        private static string[] WireNames<T>()
            where T : struct, Enum => ((T[])Enum.GetValues(typeof(T))).Select(v => WireName(v, string.Empty)).ToArray();

        /// <summary>An enum value from its wire name (<c>cost-focus</c>), enum name (<c>CostFocus</c>) or snake_case name, case-insensitively.</summary>
        private static T ParseEnum<T>(string? value, string param)
            where T : struct, Enum
        {
            var wanted = Normalize(value?.Trim() ?? string.Empty);
            foreach (T candidate in Enum.GetValues(typeof(T)))
            {
                if (wanted.Length > 0 && Normalize(candidate.ToString()) == wanted)
                {
                    return candidate;
                }
            }

            throw new InvalidRequestException($"Invalid value '{value}' for {param}. Valid values: {string.Join(", ", WireNames<T>())}.", param);
        }

        private static string Normalize(string key) => key.Replace("_", string.Empty).Replace("-", string.Empty).ToLowerInvariant();

        private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

        private static string AsString(object value, string param) =>
            value switch
            {
                string s => s,
                Enum e => e.ToString(),
                _ => throw new InvalidRequestException($"{param} must be a string (was {value.GetType().Name}).", param),
            };

        private static double AsDouble(object value, string param)
        {
            switch (value)
            {
                case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                    return parsed;
                case IConvertible c when value is not string and not bool and not char:
                    try
                    {
                        return c.ToDouble(CultureInfo.InvariantCulture);
                    }
                    catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
                    {
                        break;
                    }
            }

            throw new InvalidRequestException($"{param} must be a number (was '{value}').", param);
        }

        private static int AsInt(object value, string param)
        {
            var d = AsDouble(value, param);
            if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue)
            {
                throw new InvalidRequestException($"{param} must be a whole number (was '{value}').", param);
            }

            return (int)d;
        }

        private static bool AsBool(object value, string param) =>
            value switch
            {
                bool b => b,
                string s when bool.TryParse(s.Trim(), out var parsed) => parsed,
                _ => throw new InvalidRequestException($"{param} must be true or false (was '{value}').", param),
            };

        private static List<string> AsList(object value, string param)
        {
            switch (value)
            {
                case string s:
                    // A comma-separated string is the natural PowerShell/CLI spelling of a list.
                    return s.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
                case IEnumerable items:
                    var list = new List<string>();
                    foreach (var item in items)
                    {
                        if (item is not string text)
                        {
                            throw new InvalidRequestException($"{param} must be a list of strings (found {item?.GetType().Name ?? "null"}).", param);
                        }

                        list.Add(text);
                    }

                    return list;
                default:
                    throw new InvalidRequestException($"{param} must be a string or a list of strings.", param);
            }
        }

        private static RoutingWeights AsWeights(object value, string param)
        {
            if (value is RoutingWeights w)
            {
                return w;
            }

            if (value is not IDictionary d)
            {
                throw new InvalidRequestException($"{param} must be a dictionary with keys cost, ttft, throughput, reliability.", param);
            }

            var weights = new RoutingWeights();
            foreach (DictionaryEntry entry in d)
            {
                var key = entry.Key?.ToString() ?? string.Empty;
                var p = param + "." + key;
                var number = entry.Value is null ? (double?)null : AsDouble(entry.Value, p);
                switch (Normalize(key))
                {
                    case "cost": weights.Cost = number; break;
                    case "ttft": weights.Ttft = number; break;
                    case "throughput": weights.Throughput = number; break;
                    case "reliability": weights.Reliability = number; break;
                    default:
                        throw new InvalidRequestException($"Unknown routing weight '{key}'. Valid weights: cost, ttft, throughput, reliability.", p);
                }
            }

            return weights;
        }

        /// <summary>Range checks a numeric field can name in the table.</summary>
        private static class Check
        {
            public static void Positive(double value, string param)
            {
                if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0)
                {
                    throw new InvalidRequestException($"{param} must be a positive number (was {Format(value)}).", param);
                }
            }

            public static void NonNegative(double value, string param)
            {
                if (double.IsNaN(value) || double.IsInfinity(value) || value < 0)
                {
                    throw new InvalidRequestException($"{param} must be zero or more (was {Format(value)}).", param);
                }
            }

            public static void Fraction(double value, string param)
            {
                if (double.IsNaN(value) || value < 0 || value > 1)
                {
                    throw new InvalidRequestException($"{param} must be between 0 and 1 (was {Format(value)}).", param);
                }
            }
        }

        /// <summary>One row of <see cref="Fields"/>: how a field is parsed from user input, validated and written.</summary>
        private sealed class RoutingField
        {
            private RoutingField(
                string wire,
                Action<RoutingOptions, object, string> parse,
                Action<RoutingOptions, string> validate,
                Action<RoutingOptions, System.Text.Json.Utf8JsonWriter> write)
            {
                Wire = wire;
                Parse = parse;
                Validate = validate;
                Write = write;
            }

            public string Wire { get; }

            public Action<RoutingOptions, object, string> Parse { get; }

            public Action<RoutingOptions, string> Validate { get; }

            public Action<RoutingOptions, System.Text.Json.Utf8JsonWriter> Write { get; }

            public static RoutingField Number(string wire, Func<RoutingOptions, double?> get, Action<RoutingOptions, double?> set, Action<double, string> check) => new RoutingField(
                wire,
                (o, v, p) => set(o, AsDouble(v, p)),
                (o, p) =>
                {
                    if (get(o) is double d)
                    {
                        check(d, p);
                    }
                },
                (o, w) =>
                {
                    if (get(o) is double d)
                    {
                        w.WriteNumber(wire, d);
                    }
                });

            public static RoutingField Integer(string wire, Func<RoutingOptions, int?> get, Action<RoutingOptions, int?> set, Action<double, string> check) => new RoutingField(
                wire,
                (o, v, p) => set(o, AsInt(v, p)),
                (o, p) =>
                {
                    if (get(o) is int i)
                    {
                        check(i, p);
                    }
                },
                (o, w) =>
                {
                    if (get(o) is int i)
                    {
                        w.WriteNumber(wire, i);
                    }
                });

            public static RoutingField Bool(string wire, Func<RoutingOptions, bool?> get, Action<RoutingOptions, bool?> set) => new RoutingField(
                wire,
                (o, v, p) => set(o, AsBool(v, p)),
                (o, p) => { },
                (o, w) =>
                {
                    if (get(o) is bool b)
                    {
                        w.WriteBoolean(wire, b);
                    }
                });

            public static RoutingField Text(string wire, Func<RoutingOptions, string?> get, Action<RoutingOptions, string?> set) => new RoutingField(
                wire,
                (o, v, p) => set(o, AsString(v, p)),
                (o, p) => { },
                (o, w) =>
                {
                    if (get(o) is string text)
                    {
                        w.WriteString(wire, text);
                    }
                });

            /// <summary>A string limited to <paramref name="valid"/>; the value is stored in the list's spelling.</summary>
            public static RoutingField OneOf(string wire, Func<RoutingOptions, string?> get, Action<RoutingOptions, string?> set, params string[] valid)
            {
                string Pick(string value, string param) =>
                    valid.FirstOrDefault(v => string.Equals(v, value.Trim(), StringComparison.OrdinalIgnoreCase))
                    ?? throw new InvalidRequestException($"Invalid value '{value}' for {param}. Valid values: {string.Join(", ", valid)}.", param);

                return new RoutingField(
                    wire,
                    (o, v, p) => set(o, Pick(AsString(v, p), p)),
                    (o, p) =>
                    {
                        if (get(o) is string text)
                        {
                            Pick(text, p);
                        }
                    },
                    (o, w) =>
                    {
                        if (get(o) is string text)
                        {
                            w.WriteString(wire, text);
                        }
                    });
            }

            public static RoutingField Enum<T>(string wire, Func<RoutingOptions, T?> get, Action<RoutingOptions, T?> set)
                where T : struct, System.Enum => new RoutingField(
                wire,
                (o, v, p) => set(o, v is T typed ? typed : ParseEnum<T>(AsString(v, p), p)),
                (o, p) =>
                {
                    if (get(o) is T value)
                    {
                        WireName(value, p);
                    }
                },
                (o, w) =>
                {
                    if (get(o) is T value)
                    {
                        w.WriteString(wire, WireName(value, "routing." + wire));
                    }
                });

            /// <summary>A list of names; with <paramref name="oneAsString"/>, a one-item list is written as a plain string (the documented form of <c>prefer</c>).</summary>
            public static RoutingField List(string wire, Func<RoutingOptions, IList<string>?> get, Action<RoutingOptions, IList<string>?> set, bool oneAsString = false) => new RoutingField(
                wire,
                (o, v, p) => set(o, AsList(v, p)),
                (o, p) =>
                {
                    if (get(o) is { } list && list.Any(string.IsNullOrWhiteSpace))
                    {
                        throw new InvalidRequestException($"{p} must not contain empty names.", p);
                    }
                },
                (o, w) =>
                {
                    if (get(o) is not { } list)
                    {
                        return;
                    }

                    if (oneAsString && list.Count == 1)
                    {
                        w.WriteString(wire, list[0]);
                        return;
                    }

                    w.WriteStartArray(wire);
                    foreach (var item in list)
                    {
                        w.WriteStringValue(item);
                    }

                    w.WriteEndArray();
                });

            public static RoutingField Weights(string wire, Func<RoutingOptions, RoutingWeights?> get, Action<RoutingOptions, RoutingWeights?> set) => new RoutingField(
                wire,
                (o, v, p) => set(o, AsWeights(v, p)),
                (o, p) =>
                {
                    if (get(o) is { } weights)
                    {
                        foreach (var (name, value) in Parts(weights))
                        {
                            if (value is double d)
                            {
                                Check.NonNegative(d, p + "." + name);
                            }
                        }
                    }
                },
                (o, w) =>
                {
                    if (get(o) is not { } weights)
                    {
                        return;
                    }

                    w.WriteStartObject(wire);
                    foreach (var (name, value) in Parts(weights))
                    {
                        if (value is double d)
                        {
                            w.WriteNumber(name, d);
                        }
                    }

                    w.WriteEndObject();
                });

            private static (string Name, double? Value)[] Parts(RoutingWeights weights) =>
                new[] { ("cost", weights.Cost), ("ttft", weights.Ttft), ("throughput", weights.Throughput), ("reliability", weights.Reliability) };
        }
    }
}
