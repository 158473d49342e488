namespace Auriko
{
    /// <summary>A provider Auriko routes to (<c>GET /v1/registry/providers</c>).</summary>
    public sealed class Provider
    {
        private string _rawJson = "{}";
        private string? _name;

        internal Provider()
        {
        }

        /// <summary>The provider id, e.g. <c>openai</c>.</summary>
        public string Id { get; internal set; } = string.Empty;

        /// <summary>The provider name (the id when the server sends none).</summary>
        public string? Name
        {
            get => _name ?? Id;
            internal set => _name = value;
        }

        /// <summary>The display name.</summary>
        public string? DisplayName { get; internal set; }

        /// <summary>A short description.</summary>
        public string? Description { get; internal set; }

        /// <summary>The data policy, e.g. <c>no_training</c>.</summary>
        public string? DataPolicy { get; internal set; }

        /// <summary>The JSON object as received.</summary>
        public string GetRawJson() => _rawJson;

        /// <summary>Returns the id.</summary>
        public override string ToString() => Id;

        internal void SetRawJson(string json) => _rawJson = json;
    }
}
