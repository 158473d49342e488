using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using Auriko.PowerShell.Arguments;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell
{
    /// <summary>
    /// The base of the cmdlets that make a session (Connect-Auriko, New-AurikoSession): the connection parameters, and
    /// a session built and validated from them. The defaults and bounds of -TimeoutSec and -MaxRetries are the
    /// client's own (<see cref="AurikoClientOptions"/>); the key and base URL default to the environment through it.
    /// </summary>
    public abstract class AurikoSessionCmdlet : AurikoCmdlet
    {
        /// <summary>The API key: a string, a SecureString, or a PSCredential; default AURIKO_API_KEY.</summary>
        [Parameter(Position = 0)]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        /// <summary>The API base URL; default AURIKO_BASE_URL or https://api.auriko.ai/v1.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BaseUrl { get; set; }

        /// <summary>Per-attempt timeout in seconds (also the stream idle timeout); default the client's (60).</summary>
        [Parameter]
        [ValidateTimeoutSec]
        public double TimeoutSec { get; set; } = AurikoClientOptions.DefaultTimeout.TotalSeconds;

        /// <summary>How many times a failed request is retried; default the client's (2).</summary>
        [Parameter]
        [ValidateRange(0, AurikoClientOptions.MaxMaxRetries)]
        public int MaxRetries { get; set; } = AurikoClientOptions.DefaultMaxRetries;

        /// <summary>An HTTP proxy; default the system or HTTP(S)_PROXY proxy. User:password in the URI authenticate to the proxy.</summary>
        [Parameter]
        public Uri? Proxy { get; set; }

        /// <summary>The model Invoke-AurikoChatCompletion uses when neither -Model nor -Models is given.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        public string? DefaultModel { get; set; }

        /// <summary>TopLevel (routing/models/auriko_metadata at the top level) or Gateway (gateway.routing, gateway.models, gateway.metadata).</summary>
        [Parameter]
        public RequestShape RequestShape { get; set; } = RequestShape.TopLevel;

        /// <summary>Shortcut for -RequestShape Gateway.</summary>
        [Parameter]
        public SwitchParameter UseGatewayShape { get; set; }

        /// <summary>Allow sending the key over plain http:// to a non-loopback host.</summary>
        [Parameter]
        public SwitchParameter AllowInsecureHttp { get; set; }

        /// <summary>Do not check the key with GET /me.</summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        /// <summary>Said after a failed validation: what did not change (the default connection).</summary>
        protected abstract string UnchangedAfterFailure { get; }

        /// <summary>
        /// Builds the session and checks the key with GET /me (unless -SkipValidation). Terminates on unusable
        /// parameters or a failed validation, before anything changes.
        /// </summary>
        protected AurikoSession CreateSession()
        {
            var options = BuildOptions();
            AurikoClient client;
            try
            {
                client = new AurikoClient(options);
            }
            catch (Exception ex) when (ex is AurikoException || ex is ArgumentException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "InvalidConnectionOptions", ErrorCategory.InvalidArgument, BaseUrl));
                throw; // not reached: ThrowTerminatingError always throws
            }

            Identity? identity = null;
            if (!SkipValidation)
            {
                // Validated with the new client directly: nothing changes on failure.
                try
                {
                    identity = Await((call, ct) => client.GetIdentityAsync(call, ct));
                }
                catch (Exception ex) when (IsClientError(ex))
                {
                    var record = ErrorRecords.FromException(ex, client.Options.BaseUrl, client.Options.BaseUrl);
                    record.ErrorDetails = new ErrorDetails(string.Format(CultureInfo.InvariantCulture, Messages.ValidationFailed,
                        UnchangedAfterFailure, record.ErrorDetails?.Message ?? ex.Message))
                    {
                        RecommendedAction = record.ErrorDetails?.RecommendedAction,
                    };
                    ThrowTerminatingError(record);
                    throw; // not reached
                }
            }

            return new AurikoSession(client, DefaultModel, Proxy, SessionSource, identity);
        }

        /// <summary>What the session's Source says: the cmdlet that made it.</summary>
        private string SessionSource => MyInvocation.MyCommand.Name;

        private AurikoClientOptions BuildOptions()
        {
            if (UseGatewayShape && MyInvocation.BoundParameters.ContainsKey(nameof(RequestShape)) && RequestShape != RequestShape.Gateway)
            {
                ThrowInvalidArgument("RequestShapeConflict", string.Format(CultureInfo.InvariantCulture, Messages.ShapeConflict, RequestShape), RequestShape);
            }

            // The options start from the environment (AURIKO_API_KEY, AURIKO_BASE_URL) and the client's defaults.
            var options = new AurikoClientOptions
            {
                Timeout = ValidateTimeoutSecAttribute.ToTimeout(TimeoutSec) ?? AurikoClientOptions.DefaultTimeout,
                MaxRetries = MaxRetries,
                RequestShape = UseGatewayShape ? RequestShape.Gateway : RequestShape,
                AllowInsecureHttp = AllowInsecureHttp,
                UserAgentProduct = SessionFactory.UserAgentProduct,
                Proxy = SessionFactory.CreateProxy(Proxy),
            };

            if (BaseUrl != null)
            {
                if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    ThrowInvalidArgument("InvalidBaseUrl", string.Format(CultureInfo.InvariantCulture, Messages.BadBaseUrl, BaseUrl), BaseUrl);
                }
                options.BaseUrl = uri!;
            }

            if (ApiKey != null)
            {
                string plain = SecureStringTransformationAttribute.ToPlainString(ApiKey);
                if (string.IsNullOrWhiteSpace(plain))
                {
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException(Messages.NoApiKeyForConnect), "NoApiKey",
                        ErrorCategory.AuthenticationError, null));
                }
                options.ApiKey = new AurikoApiKey(plain);
            }
            if (options.ApiKey == null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(Messages.NoApiKeyForConnect), "NoApiKey",
                    ErrorCategory.AuthenticationError, null));
            }

            // The client refuses such a URL at the first request; asked here too (the same rule), so
            // -SkipValidation never makes a session that cannot be used.
            if (options.RefusesKeyOver(options.BaseUrl))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new AurikoException(string.Format(CultureInfo.InvariantCulture, Messages.InsecureHttp, options.BaseUrl.Host)),
                    "InsecureHttpRefused", ErrorCategory.SecurityError, options.BaseUrl));
            }
            return options;
        }
    }
}
