using System;
using System.Globalization;
using System.Threading;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell
{
    /// <summary>
    /// A connection to the Auriko API: an immutable, thread-safe holder of a configured
    /// <see cref="AurikoClient"/>. The process-wide default (set by Connect-Auriko) is shared by
    /// every runspace, so <c>ForEach-Object -Parallel</c> uses it without reconnecting.
    /// The API key is never exposed: only <see cref="MaskedApiKey"/> is public.
    /// </summary>
    public sealed class AurikoSession
    {
        private static AurikoSession? _default;

        internal AurikoSession(AurikoClient client, string? defaultModel, Uri? proxy, string source, Identity? identity)
        {
            Client = client ?? throw new ArgumentNullException(nameof(client));
            var options = client.Options;
            BaseUrl = options.BaseUrl;
            MaskedApiKey = options.ApiKey?.Masked ?? "(none)";
            HasApiKey = options.ApiKey != null;
            TimeoutSec = options.Timeout.TotalSeconds;
            MaxRetries = options.MaxRetries;
            RequestShape = options.RequestShape;
            AllowInsecureHttp = options.AllowInsecureHttp;
            Proxy = SessionFactory.WithoutUserInfo(proxy);
            DefaultModel = string.IsNullOrWhiteSpace(defaultModel) ? null : defaultModel;
            Source = source;
            UserId = identity?.UserId;
            WorkspaceId = identity?.WorkspaceId;
            Tier = identity?.Tier;
            CreatedAt = DateTime.Now;
        }

        /// <summary>The process-wide default session set by Connect-Auriko, or null.</summary>
        public static AurikoSession? Default => Volatile.Read(ref _default);

        internal static void SetDefault(AurikoSession? session) => Volatile.Write(ref _default, session);

        internal AurikoClient Client { get; }

        internal bool HasApiKey { get; }

        /// <summary>The API base URL, e.g. https://api.auriko.ai/v1.</summary>
        public Uri BaseUrl { get; }

        /// <summary>The API key, masked (first and last four characters at most).</summary>
        public string MaskedApiKey { get; }

        /// <summary>Per-attempt timeout in seconds (also the stream idle timeout).</summary>
        public double TimeoutSec { get; }

        /// <summary>How many times a failed request is retried.</summary>
        public int MaxRetries { get; }

        /// <summary>The proxy, or null for the system/environment proxy. Any user:password is not shown.</summary>
        public Uri? Proxy { get; }

        /// <summary>The model Invoke-AurikoChatCompletion uses when neither -Model nor -Models is given.</summary>
        public string? DefaultModel { get; }

        /// <summary>Where routing, models and metadata go in a chat request (TopLevel or Gateway).</summary>
        public RequestShape RequestShape { get; }

        /// <summary>Whether the key may be sent over plain http:// to a non-loopback host.</summary>
        public bool AllowInsecureHttp { get; }

        /// <summary>How the session was made: Connect-Auriko, New-AurikoSession, or Environment (AURIKO_API_KEY / AURIKO_BASE_URL).</summary>
        public string Source { get; }

        /// <summary>The user the key belongs to, when the key was validated.</summary>
        public string? UserId { get; }

        /// <summary>The key's workspace, when the key was validated.</summary>
        public string? WorkspaceId { get; }

        /// <summary>The key's tier, when the key was validated.</summary>
        public string? Tier { get; }

        /// <summary>When the session was created (local time).</summary>
        public DateTime CreatedAt { get; }

        /// <summary>The base URL and the masked key; never the key itself.</summary>
        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} ({1})", BaseUrl, MaskedApiKey);
    }
}
