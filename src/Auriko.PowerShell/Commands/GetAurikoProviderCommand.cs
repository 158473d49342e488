using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Auriko.PowerShell.Arguments;

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
        protected override void ProcessRecord() =>
            WriteMatching(Name, Fetch, p => new[] { p.Id, p.Name, p.DisplayName }, "provider", "ProviderNotFound");

        private IReadOnlyList<Provider> Fetch()
        {
            var providers = _providers ??= Await((call, ct) => Client.ListProvidersAsync(call, ct));
            RegistryCache.RememberProviders(ResolvedSession, providers.Select(p => p.Id));
            return providers;
        }
    }
}
