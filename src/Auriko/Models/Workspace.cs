using System;

namespace Auriko
{
    /// <summary>A workspace (<c>GET /v1/workspaces</c>).</summary>
    public sealed class Workspace
    {
        private string _rawJson = "{}";

        internal Workspace()
        {
        }

        /// <summary>
        /// The workspace id (the API's <c>id</c>). Named WorkspaceId, not Id, so a workspace pipes into commands that take
        /// <c>-WorkspaceId</c> and a CSV column says which id it is.
        /// </summary>
        public string WorkspaceId { get; internal set; } = string.Empty;

        /// <summary>The display name.</summary>
        public string? Name { get; internal set; }

        /// <summary>The URL slug.</summary>
        public string? Slug { get; internal set; }

        /// <summary>The plan tier.</summary>
        public string? Tier { get; internal set; }

        /// <summary>Your role: <c>owner</c>, <c>admin</c> or <c>member</c>.</summary>
        public string? UserRole { get; internal set; }

        /// <summary>How many members the workspace has.</summary>
        public int? MemberCount { get; internal set; }

        /// <summary>Whether paid models may be used.</summary>
        public bool? CanUsePaidModels { get; internal set; }

        /// <summary>When the workspace was created, with the offset the API gave (UTC when it gave none).</summary>
        public DateTimeOffset? CreatedAt { get; internal set; }

        /// <summary>The JSON object as received.</summary>
        public string GetRawJson() => _rawJson;

        /// <summary>Returns the id.</summary>
        public override string ToString() => WorkspaceId;

        internal void SetRawJson(string json) => _rawJson = json;
    }
}
