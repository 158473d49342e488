using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Auriko.PowerShell.Arguments;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the providers Auriko routes to (display name, description, data policy).</para>
    /// <para type="description">-Name filters by id or name with wildcards. Needs no API key.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AurikoProvider")]
    [OutputType(typeof(Provider))]
    public sealed class GetAurikoProviderCommand : AurikoApiCmdlet
    {
        // Fetched once per invocation, however many names are piped in.
        private IReadOnlyList<Provider>? _providers;

        /// <summary>Provider ids or names; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Provider", "Id")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProviderNameCompleter))]
        public string[]? Name { get; set; }

        /// <inheritdoc/>
        protected override bool RequiresApiKey => false;

        /// <summary>Fetches the provider list and writes the matching providers.</summary>
        protected override void ProcessRecord()
        {
            if (Halted) return;
            var filter = new NameFilter(Name);
            try
            {
                var providers = _providers ??= Await((call, ct) => Client.ListProvidersAsync(call, ct));
                RegistryCache.RememberProviders(ResolvedSession, providers.Select(p => p.Id));
                foreach (var provider in providers)
                {
                    if (filter.IsMatch(provider.Id, provider.Name, provider.DisplayName)) WriteObject(provider);
                }
            }
            catch (Exception ex) when (IsClientError(ex))
            {
                WriteItemError(ex, Name == null ? null : string.Join(", ", Name));
                return;
            }

            foreach (var missing in filter.Unmatched())
            {
                WriteError(new ErrorRecord(
                    new ItemNotFoundException(string.Format(CultureInfo.InvariantCulture, Messages.NameNotFound, "provider", missing)),
                    "ProviderNotFound", ErrorCategory.ObjectNotFound, missing));
            }
        }
    }
}
