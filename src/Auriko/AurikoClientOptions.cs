using System;
using System.Net;

namespace Auriko
{
    /// <summary>Settings of an <see cref="AurikoClient"/>. The client takes a validated copy, so later changes do not affect it.</summary>
    public sealed class AurikoClientOptions
    {
        /// <summary>The public Auriko API endpoint.</summary>
        public static readonly Uri DefaultBaseUrl = new Uri("https://api.auriko.ai/v1");

        /// <summary>The default per-attempt timeout (60 seconds).</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

        /// <summary>The default number of retries (2, so at most 3 attempts).</summary>
        public const int DefaultMaxRetries = 2;

        /// <summary>The largest <see cref="Timeout"/> accepted (24 hours); <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> is also accepted.</summary>
        public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

        /// <summary>The largest <see cref="MaxRetries"/> accepted (10).</summary>
        public const int MaxMaxRetries = 10;

        /// <summary>Creates options from the environment: <c>AURIKO_API_KEY</c> and <c>AURIKO_BASE_URL</c>, else the defaults.</summary>
        public AurikoClientOptions()
            : this(AurikoEnvironment.Read())
        {
        }

        /// <summary>Creates options from a snapshot of the environment (the PowerShell layer caches its session by the snapshot).</summary>
        internal AurikoClientOptions(AurikoEnvironment environment)
        {
            if (environment.ApiKey != null)
            {
                ApiKey = new AurikoApiKey(environment.ApiKey);
            }

            _baseUrl = DefaultBaseUrl;
            if (environment.BaseUrl != null)
            {
                if (Uri.TryCreate(environment.BaseUrl, UriKind.Absolute, out var parsed))
                {
                    _baseUrl = parsed;
                }
                else
                {
                    // Never fall back to the public API silently: the key would go somewhere the user did not choose.
                    // Validate() reports it, unless the caller sets BaseUrl explicitly.
                    _unusableEnvironmentBaseUrl = environment.BaseUrl;
                }
            }
        }

        private Uri _baseUrl;
        private string? _unusableEnvironmentBaseUrl;

        /// <summary>The API key; defaults to the <c>AURIKO_API_KEY</c> environment variable. Discovery endpoints work without one.</summary>
        public AurikoApiKey? ApiKey { get; set; }

        /// <summary>The API base URL including <c>/v1</c>; defaults to <c>AURIKO_BASE_URL</c> or <see cref="DefaultBaseUrl"/>. A trailing slash is tolerated.</summary>
        public Uri BaseUrl
        {
            get => _baseUrl;
            set
            {
                _baseUrl = value;
                _unusableEnvironmentBaseUrl = null;
            }
        }

        /// <summary>
        /// Timeout of one attempt (until the whole body, or for streams until the headers) and the stream idle timeout
        /// (no byte for this long). Positive and at most <see cref="MaxTimeout"/>, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>.
        /// </summary>
        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        /// <summary>How many times a retryable failure is retried (0 disables retries; at most <see cref="MaxMaxRetries"/>).</summary>
        public int MaxRetries { get; set; } = DefaultMaxRetries;

        /// <summary>An explicit proxy; null uses the environment proxy (<c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>NO_PROXY</c>, lowercase too) when set, else the system proxy (on .NET and on .NET Framework alike).</summary>
        public IWebProxy? Proxy { get; set; }

        /// <summary>Where the Auriko-specific request fields go on the wire.</summary>
        public RequestShape RequestShape { get; set; } = RequestShape.TopLevel;

        /// <summary>
        /// Allows sending the API key over plain <c>http://</c> to a host that is not loopback.
        /// Off by default: such a request fails with a clear <see cref="AurikoException"/> before anything is sent.
        /// </summary>
        public bool AllowInsecureHttp { get; set; }

        /// <summary>
        /// Whether sending the key to <paramref name="url"/> is refused: plain http:// to a host that is not loopback,
        /// unless <see cref="AllowInsecureHttp"/>. The one rule behind the client's refusal and Connect-Auriko's.
        /// </summary>
        internal bool RefusesKeyOver(Uri url) => url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback && !AllowInsecureHttp;

        /// <summary>The caller's product tokens, e.g. <c>Auriko.PowerShell/0.1.0 PowerShell/7.6.9</c>; the client appends its own version and the runtime.</summary>
        public string? UserAgentProduct { get; set; }

        /// <summary>Returns an independent copy.</summary>
        public AurikoClientOptions Clone() => (AurikoClientOptions)MemberwiseClone();

        /// <summary>
        /// What is wrong with a timeout, or null when it is usable: positive and at most <see cref="MaxTimeout"/>, or
        /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>. The one rule for the client's timeout, a call's
        /// override and the cmdlets' -TimeoutSec.
        /// </summary>
        internal static string? TimeoutProblem(TimeSpan value) =>
            value == System.Threading.Timeout.InfiniteTimeSpan || (value > TimeSpan.Zero && value <= MaxTimeout)
                ? null
                : $"Timeout must be positive and at most {MaxTimeout.TotalHours:0} hours ({MaxTimeout.TotalSeconds:0} seconds), or Timeout.InfiniteTimeSpan (was {value}).";

        /// <summary>What is wrong with a retry count, or null when it is usable (0 to <see cref="MaxMaxRetries"/>); the one rule, as for timeouts.</summary>
        internal static string? MaxRetriesProblem(int value) =>
            value >= 0 && value <= MaxMaxRetries ? null : $"MaxRetries must be between 0 and {MaxMaxRetries} (was {value}).";

        /// <summary>Checks the settings.</summary>
        /// <exception cref="AurikoException">A setting is unusable; the message names it.</exception>
        public void Validate()
        {
            if (BaseUrl is null)
            {
                throw new AurikoException("BaseUrl must be set.");
            }

            if (_unusableEnvironmentBaseUrl != null)
            {
                throw new AurikoException($"{AurikoEnvironment.BaseUrlVariable} '{_unusableEnvironmentBaseUrl}' is not an absolute http:// or https:// URL (for example https://api.auriko.ai/v1).");
            }

            if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
            {
                throw new AurikoException($"BaseUrl '{BaseUrl}' must be an absolute http:// or https:// URL.");
            }

            if (TimeoutProblem(Timeout) is string timeoutProblem)
            {
                throw new AurikoException(timeoutProblem);
            }

            if (MaxRetriesProblem(MaxRetries) is string retriesProblem)
            {
                throw new AurikoException(retriesProblem);
            }

            if (UserAgentProduct != null && (UserAgentProduct.IndexOf('\r') >= 0 || UserAgentProduct.IndexOf('\n') >= 0))
            {
                throw new AurikoException("UserAgentProduct must not contain line breaks.");
            }
        }
    }
}
