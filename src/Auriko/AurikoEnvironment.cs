using System;

namespace Auriko
{
    /// <summary>
    /// The one place that reads environment variables: <c>AURIKO_API_KEY</c> and <c>AURIKO_BASE_URL</c> as one snapshot
    /// (<see cref="Read"/>), and the proxy variables through <see cref="Get"/>. Everything else (the client's default
    /// options, the PowerShell layer's session from the environment, its error messages) asks here, so every reader
    /// sees the same values with the same rules (blank means unset; the base URL is trimmed).
    /// </summary>
    internal sealed class AurikoEnvironment : IEquatable<AurikoEnvironment>
    {
        /// <summary>The API key variable.</summary>
        internal const string ApiKeyVariable = "AURIKO_API_KEY";

        /// <summary>The base URL variable.</summary>
        internal const string BaseUrlVariable = "AURIKO_BASE_URL";

        private AurikoEnvironment(string? apiKey, string? baseUrl)
        {
            ApiKey = apiKey;
            BaseUrl = baseUrl;
        }

        /// <summary>The key, or null when the variable is unset or blank.</summary>
        internal string? ApiKey { get; }

        /// <summary>The base URL as written (trimmed; not yet validated), or null when unset or blank.</summary>
        internal string? BaseUrl { get; }

        /// <summary>Reads both Auriko variables now.</summary>
        internal static AurikoEnvironment Read() => new AurikoEnvironment(NonBlank(Get(ApiKeyVariable)), NonBlank(Get(BaseUrlVariable))?.Trim());

        /// <summary>One variable of the process, or null.</summary>
        internal static string? Get(string name) => Environment.GetEnvironmentVariable(name);

        /// <summary>Whether both variables hold the same text (a session made from one snapshot fits the other).</summary>
        public bool Equals(AurikoEnvironment? other) =>
            other != null && string.Equals(ApiKey, other.ApiKey, StringComparison.Ordinal) && string.Equals(BaseUrl, other.BaseUrl, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as AurikoEnvironment);

        /// <inheritdoc/>
        public override int GetHashCode() =>
            ((ApiKey == null ? 0 : StringComparer.Ordinal.GetHashCode(ApiKey)) * 397) ^ (BaseUrl == null ? 0 : StringComparer.Ordinal.GetHashCode(BaseUrl));

        private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
