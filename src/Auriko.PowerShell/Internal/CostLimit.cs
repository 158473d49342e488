using System.Globalization;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// -MaxCostUsd: sums the answers' CostUsd and, once the sum reaches the limit, refuses to send
    /// more, counting each input it holds back, so the closing warning can say how many were not sent.
    /// Requests already in flight when the limit is reached still finish (and count).
    /// </summary>
    internal sealed class CostLimit
    {
        private readonly decimal _max;
        private decimal _spent;
        private int _answers;
        private int _notSent;

        internal CostLimit(decimal max) => _max = max;

        internal bool Reached => _spent >= _max;

        /// <summary>Adds one answer's cost (an answer without a cost adds nothing).</summary>
        internal void Add(double? costUsd)
        {
            _answers++;
            AddSpending(costUsd);
        }

        /// <summary>Adds the cost of a request that is not an answer of its own (a round of tool calls).</summary>
        internal void AddSpending(double? costUsd)
        {
            if (costUsd.HasValue)
            {
                _spent += (decimal)costUsd.Value;
            }
        }

        /// <summary>True while under the limit; otherwise false, and the input is counted as not sent.</summary>
        internal bool AllowsSend()
        {
            if (!Reached)
            {
                return true;
            }

            _notSent++;
            return false;
        }

        /// <summary>The closing warning, or null when no input was held back.</summary>
        internal string? Warning() =>
            _notSent == 0
                ? null
                : string.Format(CultureInfo.InvariantCulture, Messages.CostLimitReached, _max, _spent, _answers, _notSent);
    }
}
