namespace Auriko
{
    /// <summary>The identity behind the API key (<c>GET /v1/me</c>).</summary>
    public sealed class Identity
    {
        private ResponseHeaders _headers = ResponseHeaders.Empty;
        private string _rawJson = "{}";

        internal Identity()
        {
        }

        /// <summary>The user who owns the key.</summary>
        public string? UserId { get; internal set; }

        /// <summary>The key's workspace (null for keys created before workspaces existed).</summary>
        public string? WorkspaceId { get; internal set; }

        /// <summary>The plan tier, e.g. <c>explorer</c>.</summary>
        public string? Tier { get; internal set; }

        /// <summary>The key's rate limit in requests per minute.</summary>
        public int? RateLimitRpm { get; internal set; }

        /// <summary>The response headers (budget and credit headers may be there). A method so exports stay flat.</summary>
        public ResponseHeaders GetResponseHeaders() => _headers;

        /// <summary>The body as received.</summary>
        public string GetRawJson() => _rawJson;

        /// <summary>Returns the user id.</summary>
        public override string ToString() => UserId ?? string.Empty;

        internal void SetResponse(ResponseHeaders headers, string rawJson)
        {
            _headers = headers;
            _rawJson = rawJson;
        }
    }
}
