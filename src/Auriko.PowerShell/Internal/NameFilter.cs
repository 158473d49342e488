using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// -Name filtering the way Get-Process does it: wildcards select quietly; a plain name that
    /// matches nothing is a non-terminating ObjectNotFound error.
    /// </summary>
    internal sealed class NameFilter
    {
        private readonly (string Name, WildcardPattern Pattern, bool IsWildcard)[] _patterns;
        private readonly HashSet<int> _matched = new HashSet<int>();

        internal NameFilter(string[]? names)
        {
            _patterns = (names ?? Array.Empty<string>())
                .Select(n => (n, WildcardPattern.Get(n, WildcardOptions.IgnoreCase), WildcardPattern.ContainsWildcardCharacters(n)))
                .ToArray();
        }

        internal bool IsEmpty => _patterns.Length == 0;

        /// <summary>True when any of <paramref name="candidates"/> matches a pattern (or there are none).</summary>
        internal bool IsMatch(params string?[] candidates)
        {
            if (IsEmpty)
            {
                return true;
            }

            bool any = false;
            for (int i = 0; i < _patterns.Length; i++)
            {
                foreach (var candidate in candidates)
                {
                    if (candidate != null && _patterns[i].Pattern.IsMatch(candidate))
                    {
                        _matched.Add(i);
                        any = true;
                        break;
                    }
                }
            }
            return any;
        }

        /// <summary>The plain (non-wildcard) names that matched nothing.</summary>
        internal IEnumerable<string> Unmatched()
        {
            for (int i = 0; i < _patterns.Length; i++)
            {
                if (!_patterns[i].IsWildcard && !_matched.Contains(i))
                {
                    yield return _patterns[i].Name;
                }
            }
        }
    }
}
