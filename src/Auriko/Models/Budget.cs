using System;

namespace Auriko
{
    /// <summary>
    /// A spending budget of a workspace (<c>GET /v1/workspaces/{id}/budgets</c>). Amounts are USD, as
    /// <see cref="decimal"/> so that sums and differences are exact (1000 - 987.65 is 12.35); dates keep their offset.
    /// Every property is a scalar, so a list of budgets exports to CSV as it is.
    /// </summary>
    public sealed class Budget
    {
        private string _rawJson = "{}";
        private decimal? _remainingUsd;
        private decimal? _percentUsed;

        internal Budget()
        {
        }

        /// <summary>
        /// The budget id, e.g. <c>bdgt_01</c> (the API's <c>id</c>). Named BudgetId, not Id, so a budget next to its
        /// workspace (<see cref="WorkspaceId"/>) says which id is which, in a CSV column too.
        /// </summary>
        public string BudgetId { get; internal set; } = string.Empty;

        /// <summary>The workspace the budget belongs to; binds to <c>Get-AurikoBudget -WorkspaceId</c>.</summary>
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
        public decimal? LimitUsd { get; internal set; }

        /// <summary>The spend so far in USD.</summary>
        public decimal? SpendUsd { get; internal set; }

        /// <summary>What is left in USD (limit minus spend, exactly, when the server does not say).</summary>
        public decimal? RemainingUsd
        {
            get => _remainingUsd ?? (LimitUsd.HasValue && SpendUsd.HasValue ? LimitUsd - SpendUsd : null);
            internal set => _remainingUsd = value;
        }

        /// <summary>
        /// Percent of the limit spent, 0–100. When the server does not say, computed from spend and limit and rounded
        /// to two decimals (half away from zero), as the API gives it.
        /// </summary>
        public decimal? PercentUsed
        {
            get => _percentUsed ?? (LimitUsd > 0 && SpendUsd.HasValue ? Math.Round(100m * SpendUsd.Value / LimitUsd.Value, 2, MidpointRounding.AwayFromZero) : null);
            internal set => _percentUsed = value;
        }

        /// <summary>Whether requests are refused once the limit is reached.</summary>
        public bool? Enforce { get; internal set; }

        /// <summary>Whether bring-your-own-key spend counts.</summary>
        public bool? IncludeByok { get; internal set; }

        /// <summary>When the budget was created, with the offset the API gave (UTC when it gave none).</summary>
        public DateTimeOffset? CreatedAt { get; internal set; }

        /// <summary>When the budget was last changed, with the offset the API gave (UTC when it gave none).</summary>
        public DateTimeOffset? UpdatedAt { get; internal set; }

        /// <summary>The JSON object as received.</summary>
        public string GetRawJson() => _rawJson;

        /// <summary>Returns the id.</summary>
        public override string ToString() => BudgetId;

        internal void SetRawJson(string json) => _rawJson = json;
    }
}
