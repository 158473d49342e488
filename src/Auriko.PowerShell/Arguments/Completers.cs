using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Arguments
{
    /// <summary>Shared matching for the Auriko completers.</summary>
    internal static class CompletionHelper
    {
        /// <summary>Characters that make a completed value need quotes on the command line.</summary>
        private static readonly char[] CharsNeedingQuotes = { ' ', '$', '`', '\'', '"', ';', '(', ')', '{', '}', ',', '@', '#', '|', '&' };

        internal static IEnumerable<CompletionResult> Complete(IEnumerable<string> names, string? wordToComplete)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
            foreach (var name in names)
            {
                if (!pattern.IsMatch(name))
                {
                    continue;
                }

                string text = name.IndexOfAny(CharsNeedingQuotes) >= 0
                    ? "'" + name.Replace("'", "''") + "'"
                    : name;
                yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
            }
        }

        internal static AurikoSession? SessionFrom(IDictionary? fakeBoundParameters)
        {
            if (fakeBoundParameters == null || !fakeBoundParameters.Contains("Session"))
            {
                return null;
            }

            return PSObjects.Unwrap(fakeBoundParameters["Session"]) as AurikoSession;
        }
    }

    /// <summary>Completes model names from the live registry (cached per base URL; silent on failure).</summary>
    public sealed class ModelNameCompleter : IArgumentCompleter
    {
        /// <summary>Returns the registry model ids that start with the typed text.</summary>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionHelper.Complete(RegistryCache.ModelNames(CompletionHelper.SessionFrom(fakeBoundParameters)), wordToComplete).ToList();
    }

    /// <summary>Completes provider names from the live registry (cached per base URL; silent on failure).</summary>
    public sealed class ProviderNameCompleter : IArgumentCompleter
    {
        /// <summary>Returns the provider ids that start with the typed text.</summary>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionHelper.Complete(RegistryCache.ProviderNames(CompletionHelper.SessionFrom(fakeBoundParameters)), wordToComplete).ToList();
    }

    /// <summary>Completes the routing strategies the API knows (-Optimize).</summary>
    public sealed class OptimizeCompleter : IArgumentCompleter
    {
        /// <summary>Returns the strategy names that start with the typed text.</summary>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionHelper.Complete(RoutingOptions.OptimizeWireNames, wordToComplete).ToList();
    }
}
