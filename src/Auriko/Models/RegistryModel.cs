namespace Auriko
{
    /// <summary>A canonical model of the registry (<c>GET /v1/registry/models</c>).</summary>
    public sealed class RegistryModel
    {
        private string _rawJson = "{}";

        internal RegistryModel()
        {
        }

        /// <summary>The canonical model id.</summary>
        public string Id { get; internal set; } = string.Empty;

        /// <summary>The model family.</summary>
        public string? Family { get; internal set; }

        /// <summary>The display name.</summary>
        public string? DisplayName { get; internal set; }

        /// <summary>The JSON object as received.</summary>
        public string GetRawJson() => _rawJson;

        /// <summary>Returns the id.</summary>
        public override string ToString() => Id;

        internal void SetRawJson(string json) => _rawJson = json;
    }
}
