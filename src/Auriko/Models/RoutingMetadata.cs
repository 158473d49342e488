using System.Collections.Generic;
using Auriko.Json;

namespace Auriko
{
    /// <summary>How Auriko routed a request. Every field is optional; unknown fields are kept in <see cref="AdditionalProperties"/>.</summary>
    public sealed class RoutingMetadata
    {
        internal static readonly IReadOnlyDictionary<string, object?> NoProperties = new Dictionary<string, object?>();
        private static readonly IReadOnlyList<RoutingWarning> NoWarnings = JsonTextList.Empty<RoutingWarning>(ModelWriter.WriteWarning);
        private IReadOnlyList<RoutingWarning> _warnings = NoWarnings;

        internal RoutingMetadata()
        {
        }

        /// <summary>The provider that served the request, e.g. <c>openai</c>.</summary>
        public string? Provider { get; internal set; }

        /// <summary>The provider's model id.</summary>
        public string? ProviderModelId { get; internal set; }

        /// <summary>The provider tier, e.g. <c>flex</c>.</summary>
        public string? Tier { get; internal set; }

        /// <summary>The canonical id of the requested model.</summary>
        public string? ModelCanonical { get; internal set; }

        /// <summary>The strategy applied, e.g. <c>balanced</c> or <c>custom</c>.</summary>
        public string? RoutingStrategy { get; internal set; }

        /// <summary>End-to-end latency in milliseconds.</summary>
        public double? TotalLatencyMs { get; internal set; }

        /// <summary>Time to first token in milliseconds.</summary>
        public double? TtftMs { get; internal set; }

        /// <summary>Throughput in tokens per second.</summary>
        public double? ThroughputTps { get; internal set; }

        /// <summary>Time spent choosing a provider, in milliseconds.</summary>
        public double? RoutingDecisionMs { get; internal set; }

        /// <summary>Providers considered.</summary>
        public int? CandidatesTotal { get; internal set; }

        /// <summary>Providers that met the constraints.</summary>
        public int? CandidatesViable { get; internal set; }

        /// <summary>The cost breakdown.</summary>
        public RoutingCost? Cost { get; internal set; }

        /// <summary>The cost in USD: <c>cost.billable_cost_usd</c>, else <c>cost.usd</c>.</summary>
        public double? CostUsd => Cost?.BillableCostUsd ?? Cost?.Usd;

        /// <summary>
        /// Warnings of the gateway about the request, such as a field it ignored (plain strings become warnings with only a
        /// message). The cmdlets also write each one as a PowerShell warning.
        /// </summary>
        public IReadOnlyList<RoutingWarning> Warnings
        {
            get => _warnings;
            internal set => _warnings = JsonTextList.Of(value, ModelWriter.WriteWarning);
        }

        /// <summary>Fields this version does not know, as plain .NET values (dictionaries, lists, strings, numbers, booleans, null).</summary>
        public IReadOnlyDictionary<string, object?> AdditionalProperties { get; internal set; } = NoProperties;

        /// <summary>The routing_metadata object as received, so a streamed answer's raw JSON keeps every field.</summary>
        internal string? RawJson { get; set; }

        /// <summary>Returns the provider and strategy.</summary>
        public override string ToString() => $"{Provider} ({RoutingStrategy})";
    }

    /// <summary>The cost part of routing metadata.</summary>
    public sealed class RoutingCost
    {
        private readonly double? _billableCostUsd;
        private readonly double? _usd;

        /// <param name="billableCostUsd">cost.billable_cost_usd as sent (the older documentation's name).</param>
        /// <param name="usd">cost.usd as sent (the newer documentation's name).</param>
        internal RoutingCost(double? billableCostUsd, double? usd)
        {
            _billableCostUsd = billableCostUsd;
            _usd = usd;
        }

        /// <summary>
        /// The billed cost in USD: <c>cost.billable_cost_usd</c>, else <c>cost.usd</c>. Both names mean the same
        /// amount in the two documentation eras, so a script written against either name works against both.
        /// </summary>
        public double? BillableCostUsd => _billableCostUsd ?? _usd;

        /// <summary>The cost in USD: <c>cost.usd</c>, else <c>cost.billable_cost_usd</c> (see <see cref="BillableCostUsd"/>).</summary>
        public double? Usd => _usd ?? _billableCostUsd;

        /// <summary>Input tokens billed.</summary>
        public double? InputTokens { get; internal set; }

        /// <summary>Output tokens billed.</summary>
        public double? OutputTokens { get; internal set; }

        /// <summary>USD saved by prompt caching.</summary>
        public double? CacheSavingsUsd { get; internal set; }

        /// <summary>Percent saved by prompt caching.</summary>
        public double? CacheSavingsPercent { get; internal set; }

        /// <summary>Fields this version does not know, as plain .NET values.</summary>
        public IReadOnlyDictionary<string, object?> AdditionalProperties { get; internal set; } = RoutingMetadata.NoProperties;

        /// <summary>Returns the cost in USD.</summary>
        public override string ToString() => BillableCostUsd?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>A routing warning, from a plain string or a <c>{code, message, param}</c> object.</summary>
    public sealed class RoutingWarning
    {
        internal RoutingWarning(string message)
        {
            Message = message;
        }

        /// <summary>The warning code, e.g. <c>unsupported_parameter</c>.</summary>
        public string? Code { get; internal set; }

        /// <summary>The text.</summary>
        public string Message { get; }

        /// <summary>The field concerned.</summary>
        public string? Param { get; internal set; }

        /// <summary>Returns <see cref="Message"/>.</summary>
        public override string ToString() => Message;
    }
}
