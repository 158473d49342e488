using System;

namespace Auriko
{
    /// <summary>A spending budget of a workspace (<c>GET /v1/workspaces/{id}/budgets</c>). Amounts are USD.</summary>
    public sealed class Budget
    {
        private string _rawJson = "{}";
        private double? _remainingUsd;
        private double? _percentUsed;

        internal Budget()
        {
        }

        /// <summary>The budget id, e.g. <c>bdgt_01</c>.</summary>
        public string Id { get; internal set; } = string.Empty;

        /// <summary>The same as <see cref="Id"/>, for piping into <c>-BudgetId</c>.</summary>
        public string BudgetId => Id;

        /// <summary>The workspace the budget belongs to.</summary>
        public string? WorkspaceId { get; internal set; }

        /// <summary><c>workspace</c>, <c>api_key</c> or <c>byok_provider</c>.</summary>
        public string? ScopeType { get; internal set; }

        /// <summary>The API key id for the api_key scope.</summary>
        public string? ScopeId { get; internal set; }

        /// <summary>The provider for the byok_provider scope.</summary>
        public string? ScopeProvider { get; internal set; }

        /// <summary><c>daily</c>, <c>weekly</c> or <c>monthly</c>.</summary>
        public string? Period { get; internal set; }

        /// <summary>The limit in USD.</summary>
        public double? LimitUsd { get; internal set; }

        /// <summary>The spend so far in USD.</summary>
        public double? SpendUsd { get; internal set; }

        /// <summary>What is left in USD (limit minus spend when the server does not say).</summary>
        public double? RemainingUsd
        {
            get => _remainingUsd ?? (LimitUsd.HasValue && SpendUsd.HasValue ? LimitUsd - SpendUsd : null);
            internal set => _remainingUsd = value;
        }

        /// <summary>Percent of the limit spent, 0–100 (computed from spend and limit when the server does not say).</summary>
        public double? PercentUsed
        {
            get => _percentUsed ?? (LimitUsd > 0 && SpendUsd.HasValue ? 100.0 * SpendUsd / LimitUsd : null);
            internal set => _percentUsed = value;
        }

        /// <summary>Whether requests are refused once the limit is reached.</summary>
        public bool? Enforce { get; internal set; }

        /// <summary>Whether bring-your-own-key spend counts.</summary>
        public bool? IncludeByok { get; internal set; }

        /// <summary>When the budget was created (UTC).</summary>
        public DateTime? CreatedAt { get; internal set; }

        /// <summary>When the budget was last changed (UTC).</summary>
        public DateTime? UpdatedAt { get; internal set; }

        /// <summary>The JSON object as received.</summary>
        public string GetRawJson() => _rawJson;

        /// <summary>Returns the id.</summary>
        public override string ToString() => Id;

        internal void SetRawJson(string json) => _rawJson = json;
    }
}
