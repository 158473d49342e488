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
        private static readonly string[] OptimizeNames =
        {
            "cost", "cheapest", "speed", "ttft", "throughput", "balanced", "cost-focus", "ttft-focus", "tps", "tps-focus",
        };

        private static readonly string[] DataPolicies = { "none", "no_training", "zdr" };
        private static readonly string[] Percentiles = { "p50", "p95" };
        private static readonly string[] Modes = { "pool", "fallback" };

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
        public static IReadOnlyList<string> OptimizeWireNames => OptimizeNames;

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

        private static readonly (string Wire, Action<RoutingOptions, object?, string> Set)[] Keys =
        {
            ("optimize", (o, v, k) => o.Optimize = v is Optimize e ? e : ParseOptimize(AsString(v, k), k)),
            ("weights", (o, v, k) => o.Weights = ToWeights(v, k)),
            ("max_cost_per_1m", (o, v, k) => o.MaxCostPer1M = AsDouble(v, k)),
            ("max_ttft_ms", (o, v, k) => o.MaxTtftMs = AsDouble(v, k)),
            ("min_throughput_tps", (o, v, k) => o.MinThroughputTps = AsDouble(v, k)),
            ("min_success_rate", (o, v, k) => o.MinSuccessRate = AsDouble(v, k)),
            ("providers", (o, v, k) => o.Providers = AsList(v, k)),
            ("exclude_providers", (o, v, k) => o.ExcludeProviders = AsList(v, k)),
            ("prefer", (o, v, k) => o.Prefer = AsList(v, k)),
            ("mode", (o, v, k) => o.Mode = v is RoutingMode m ? m : (RoutingMode)Array.IndexOf(Modes, OneOf(AsString(v, k), Modes, k))),
            ("allow_fallbacks", (o, v, k) => o.AllowFallbacks = AsBool(v, k)),
            ("max_fallback_attempts", (o, v, k) => o.MaxFallbackAttempts = AsInt(v, k)),
            ("data_policy", (o, v, k) => o.DataPolicy = OneOf(AsString(v, k), DataPolicies, k)),
            ("only_byok", (o, v, k) => o.OnlyByok = AsBool(v, k)),
            ("only_platform", (o, v, k) => o.OnlyPlatform = AsBool(v, k)),
            ("require_parameters", (o, v, k) => o.RequireParameters = AsBool(v, k)),
            ("ttft_percentile", (o, v, k) => o.TtftPercentile = OneOf(AsString(v, k), Percentiles, k)),
            ("throughput_percentile", (o, v, k) => o.ThroughputPercentile = OneOf(AsString(v, k), Percentiles, k)),
            ("tier", (o, v, k) => o.Tier = AsString(v, k)),
            ("timeout_ms", (o, v, k) => o.TimeoutMs = AsInt(v, k)),
            ("deadline_ms", (o, v, k) => o.DeadlineMs = AsInt(v, k)),
        };

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
                var normalized = Normalize(key);
                var match = Keys.FirstOrDefault(k => Normalize(k.Wire) == normalized);
                if (match.Wire is null)
                {
                    throw new InvalidRequestException(
                        $"Unknown routing option '{key}'. Valid options: {string.Join(", ", Keys.Select(k => k.Wire))}.",
                        "routing." + key);
                }

                if (entry.Value is null)
                {
                    continue;
                }

                match.Set(options, entry.Value, "routing." + match.Wire);
            }

            options.Validate();
            return options;
        }

        /// <summary>Parses a strategy from its wire name (<c>cost-focus</c>) or enum name (<c>CostFocus</c>), case-insensitively.</summary>
        /// <param name="value">The name.</param>
        /// <returns>The strategy.</returns>
        /// <exception cref="InvalidRequestException">Not a known strategy; the message lists the valid ones.</exception>
        public static Optimize ParseOptimize(string value) => ParseOptimize(value, "routing.optimize");

        /// <summary>The wire name of a strategy, e.g. <c>cost-focus</c>.</summary>
        /// <param name="value">The strategy.</param>
        /// <returns>The wire name.</returns>
        public static string ToWireName(Optimize value)
        {
            var i = (int)value;
            if (i < 0 || i >= OptimizeNames.Length)
            {
                throw new InvalidRequestException($"Unknown routing strategy value {i}. Valid values: {string.Join(", ", OptimizeNames)}.", "routing.optimize");
            }

            return OptimizeNames[i];
        }

        /// <summary>Checks ranges and values.</summary>
        /// <exception cref="InvalidRequestException">A value is out of range; the message names the field.</exception>
        public void Validate()
        {
            if (Optimize.HasValue)
            {
                ToWireName(Optimize.Value);
            }

            if (Mode.HasValue && (int)Mode.Value is < 0 or > 1)
            {
                throw new InvalidRequestException($"routing.mode must be one of: {string.Join(", ", Modes)}.", "routing.mode");
            }

            if (Weights != null)
            {
                NonNegative(Weights.Cost, "routing.weights.cost");
                NonNegative(Weights.Ttft, "routing.weights.ttft");
                NonNegative(Weights.Throughput, "routing.weights.throughput");
                NonNegative(Weights.Reliability, "routing.weights.reliability");
            }

            Positive(MaxCostPer1M, "routing.max_cost_per_1m");
            Positive(MaxTtftMs, "routing.max_ttft_ms");
            Positive(MinThroughputTps, "routing.min_throughput_tps");
            if (MinSuccessRate is double rate && (double.IsNaN(rate) || rate < 0 || rate > 1))
            {
                throw new InvalidRequestException($"routing.min_success_rate must be between 0 and 1 (was {Format(rate)}).", "routing.min_success_rate");
            }

            if (MaxFallbackAttempts < 0)
            {
                throw new InvalidRequestException($"routing.max_fallback_attempts must be zero or more (was {MaxFallbackAttempts}).", "routing.max_fallback_attempts");
            }

            Positive(TimeoutMs, "routing.timeout_ms");
            Positive(DeadlineMs, "routing.deadline_ms");
            CheckOneOf(DataPolicy, DataPolicies, "routing.data_policy");
            CheckOneOf(TtftPercentile, Percentiles, "routing.ttft_percentile");
            CheckOneOf(ThroughputPercentile, Percentiles, "routing.throughput_percentile");
            CheckList(Providers, "routing.providers");
            CheckList(ExcludeProviders, "routing.exclude_providers");
            CheckList(Prefer, "routing.prefer");
            if (OnlyByok == true && OnlyPlatform == true)
            {
                throw new InvalidRequestException("routing.only_byok and routing.only_platform cannot both be true.", "routing.only_byok");
            }
        }

        private static Optimize ParseOptimize(string value, string param)
        {
            var trimmed = value?.Trim() ?? string.Empty;
            for (var i = 0; i < OptimizeNames.Length; i++)
            {
                if (string.Equals(OptimizeNames[i], trimmed, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(((Optimize)i).ToString(), trimmed, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(OptimizeNames[i].Replace("-", "_"), trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    return (Optimize)i;
                }
            }

            throw new InvalidRequestException(
                $"Invalid value '{value}' for {param}. Valid values: {string.Join(", ", OptimizeNames)}.", param);
        }

        private static string Normalize(string key) => key.Replace("_", string.Empty).Replace("-", string.Empty).ToLowerInvariant();

        private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

        private static void Positive(double? value, string param)
        {
            if (value is double v && (double.IsNaN(v) || double.IsInfinity(v) || v <= 0))
            {
                throw new InvalidRequestException($"{param} must be a positive number (was {Format(v)}).", param);
            }
        }

        private static void NonNegative(double? value, string param)
        {
            if (value is double v && (double.IsNaN(v) || double.IsInfinity(v) || v < 0))
            {
                throw new InvalidRequestException($"{param} must be zero or more (was {Format(v)}).", param);
            }
        }

        private static void CheckOneOf(string? value, string[] valid, string param)
        {
            if (value != null)
            {
                OneOf(value, valid, param);
            }
        }

        private static void CheckList(IList<string>? values, string param)
        {
            if (values != null && values.Any(string.IsNullOrWhiteSpace))
            {
                throw new InvalidRequestException($"{param} must not contain empty names.", param);
            }
        }

        private static string OneOf(string value, string[] valid, string param)
        {
            foreach (var v in valid)
            {
                if (string.Equals(v, value.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    return v;
                }
            }

            throw new InvalidRequestException($"Invalid value '{value}' for {param}. Valid values: {string.Join(", ", valid)}.", param);
        }

        private static string AsString(object? value, string param) =>
            value switch
            {
                string s => s,
                Enum e => e.ToString(),
                _ => throw new InvalidRequestException($"{param} must be a string (was {value?.GetType().Name}).", param),
            };

        private static double AsDouble(object? value, string param)
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

        private static int AsInt(object? value, string param)
        {
            var d = AsDouble(value, param);
            if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue)
            {
                throw new InvalidRequestException($"{param} must be a whole number (was '{value}').", param);
            }

            return (int)d;
        }

        private static bool AsBool(object? value, string param) =>
            value switch
            {
                bool b => b,
                string s when bool.TryParse(s.Trim(), out var parsed) => parsed,
                _ => throw new InvalidRequestException($"{param} must be true or false (was '{value}').", param),
            };

        private static IList<string> AsList(object? value, string param)
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

        private static RoutingWeights ToWeights(object? value, string param)
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
                switch (Normalize(key))
                {
                    case "cost": weights.Cost = AsDouble(entry.Value, p); break;
                    case "ttft": weights.Ttft = AsDouble(entry.Value, p); break;
                    case "throughput": weights.Throughput = AsDouble(entry.Value, p); break;
                    case "reliability": weights.Reliability = AsDouble(entry.Value, p); break;
                    default:
                        throw new InvalidRequestException($"Unknown routing weight '{key}'. Valid weights: cost, ttft, throughput, reliability.", p);
                }
            }

            return weights;
        }
    }
}
