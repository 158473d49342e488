using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Auriko.PowerShell.Arguments;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the models Auriko can route to, from the model registry.</para>
    /// <para type="description">-Name filters by id (or display name) with wildcards. -Detailed returns the
    /// model directory instead: per-provider context window, capabilities and prices.
    /// Needs no API key.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AurikoModel")]
    [OutputType(typeof(RegistryModel), typeof(DirectoryModel))]
    public sealed class GetAurikoModelCommand : AurikoApiCmdlet
    {
        // Fetched once per invocation, however many names are piped in.
        private IReadOnlyList<RegistryModel>? _registry;
        private IReadOnlyList<DirectoryModel>? _directory;

        /// <summary>Model ids; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Model", "Id")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Return directory entries (providers, context windows, capabilities, prices).</summary>
        [Parameter]
        public SwitchParameter Detailed { get; set; }

        /// <inheritdoc/>
        protected override bool RequiresApiKey => false;

        /// <summary>Fetches the registry (or directory) and writes the matching models.</summary>
        protected override void ProcessRecord()
        {
            if (Detailed)
            {
                // The directory lists only the models with a priced provider offer, a subset of the registry, so
                // it never feeds the completion cache: -Model <Tab> must still offer every registry model.
                WriteMatching(Name, () => _directory ??= Await((call, ct) => Client.ListDirectoryModelsAsync(call, ct)),
                    m => new[] { m.Id, m.DisplayName }, "model", "ModelNotFound");
            }
            else
            {
                WriteMatching(Name, FetchRegistry, m => new[] { m.Id, m.DisplayName }, "model", "ModelNotFound");
            }
        }

        /// <summary>The registry, fetched once; its names also fill the completion cache (no extra request on Tab).</summary>
        private IReadOnlyList<RegistryModel> FetchRegistry()
        {
            if (_registry != null)
            {
                return _registry;
            }

            _registry = Await((call, ct) => Client.ListRegistryModelsAsync(call, ct));
            RegistryCache.RememberModels(ResolvedSession, _registry.Select(m => m.Id));
            return _registry;
        }
    }
}
