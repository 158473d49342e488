using System.Collections.Generic;
using Auriko.Json;

namespace Auriko
{
    /// <summary>A model of the directory with its providers and prices (<c>GET /v1/directory/models</c>).</summary>
    public sealed class DirectoryModel
    {
        private static readonly IReadOnlyList<DirectoryModelProvider> NoProviders = JsonTextList.Empty<DirectoryModelProvider>(ModelWriter.WriteDirectoryProvider);
        private string _rawJson = "{}";
        private IReadOnlyList<DirectoryModelProvider> _providers = NoProviders;

        internal DirectoryModel()
        {
        }

        /// <summary>The canonical model id.</summary>
        public string Id { get; internal set; } = string.Empty;

        /// <summary>The display name.</summary>
        public string? DisplayName { get; internal set; }

        /// <summary>The model family.</summary>
        public string? Family { get; internal set; }

        /// <summary>The providers offering the model (as text, for example in a CSV cell: a JSON array).</summary>
        public IReadOnlyList<DirectoryModelProvider> Providers
        {
            get => _providers;
            internal set => _providers = JsonTextList.Of(value, ModelWriter.WriteDirectoryProvider);
        }

        /// <summary>The largest context window across providers (from the server, else computed).</summary>
        public int? MaxContextWindow { get; internal set; }

        /// <summary>The JSON object as received.</summary>
        public string GetRawJson() => _rawJson;

        /// <summary>Returns the id.</summary>
        public override string ToString() => Id;

        internal void SetRawJson(string json) => _rawJson = json;
    }

    /// <summary>One provider's offer of a directory model. Prices are USD per million tokens.</summary>
    public sealed class DirectoryModelProvider
    {
        private static readonly IReadOnlyList<string> NoCapabilities = JsonTextList.Empty<string>(ModelWriter.WriteString);
        private IReadOnlyList<string> _capabilities = NoCapabilities;

        internal DirectoryModelProvider()
        {
        }

        /// <summary>The provider id.</summary>
        public string? Provider { get; internal set; }

        /// <summary>The provider's model id.</summary>
        public string? ProviderModelId { get; internal set; }

        /// <summary>The provider's data policy, e.g. <c>no_training</c>.</summary>
        public string? DataPolicy { get; internal set; }

        /// <summary>The context window in tokens.</summary>
        public int? ContextWindow { get; internal set; }

        /// <summary>The largest output in tokens.</summary>
        public int? MaxOutputTokens { get; internal set; }

        /// <summary>Capabilities such as <c>tools</c>, <c>vision</c>, <c>json_schema</c> (as text: a JSON array).</summary>
        public IReadOnlyList<string> Capabilities
        {
            get => _capabilities;
            internal set => _capabilities = JsonTextList.Of(value, ModelWriter.WriteString);
        }

        /// <summary>Input price, USD per 1M tokens.</summary>
        public double? InputPricePer1M { get; internal set; }

        /// <summary>Output price, USD per 1M tokens.</summary>
        public double? OutputPricePer1M { get; internal set; }

        /// <summary>Cached input price, USD per 1M tokens.</summary>
        public double? CachedInputPricePer1M { get; internal set; }

        /// <summary>Returns the provider id.</summary>
        public override string ToString() => Provider ?? string.Empty;
    }
}
