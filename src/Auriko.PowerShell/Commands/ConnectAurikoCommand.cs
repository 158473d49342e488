using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using Auriko.PowerShell.Arguments;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects to the Auriko API and makes the connection the process-wide default.</para>
    /// <para type="description">Checks the key with GET /me (unless -SkipValidation) and sets the default
    /// session every Auriko cmdlet uses, in every runspace of the process (ForEach-Object -Parallel too).
    /// A failed validation leaves the previous connection unchanged.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Auriko")]
    [OutputType(typeof(AurikoSession))]
    public sealed class ConnectAurikoCommand : AurikoCmdlet
    {
        /// <summary>The API key: a string, a SecureString, or a PSCredential; default AURIKO_API_KEY.</summary>
        [Parameter(Position = 0)]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        /// <summary>The API base URL; default AURIKO_BASE_URL or https://api.auriko.ai/v1.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BaseUrl { get; set; }

        /// <summary>Per-attempt timeout in seconds (also the stream idle timeout); default 60.</summary>
        [Parameter]
        [ValidateRange(0.001, 86400)]
        public double TimeoutSec { get; set; } = 60;

        /// <summary>How many times a failed request is retried; default 2.</summary>
        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetries { get; set; } = 2;

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

        /// <summary>Return the session object.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Builds the session, validates it, and makes it the default.</summary>
        protected override void EndProcessing()
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
                return;
            }

            Identity? identity = null;
            if (!SkipValidation)
            {
                // Validated with the new client directly: the default stays untouched on failure.
                try
                {
                    identity = Await((call, ct) => client.GetIdentityAsync(call, ct));
                }
                catch (Exception ex) when (IsClientError(ex))
                {
                    var record = ErrorRecords.FromException(ex, client.Options.BaseUrl);
                    record.ErrorDetails = new ErrorDetails(string.Format(CultureInfo.InvariantCulture, Messages.ValidationFailed,
                        record.ErrorDetails?.Message ?? ex.Message));
                    ThrowTerminatingError(record);
                    return;
                }
            }

            var session = new AurikoSession(client, DefaultModel, Proxy, SessionFactory.ConnectSource, identity);
            AurikoSession.SetDefault(session);
            WriteVerboseLevel(string.Format(CultureInfo.InvariantCulture, Messages.Connected, session.BaseUrl,
                identity?.UserId ?? session.MaskedApiKey));
            if (PassThru) WriteObject(session);
        }

        private AurikoClientOptions BuildOptions()
        {
            if (UseGatewayShape && MyInvocation.BoundParameters.ContainsKey(nameof(RequestShape)) && RequestShape != RequestShape.Gateway)
            {
                ThrowInvalidArgument("RequestShapeConflict", string.Format(CultureInfo.InvariantCulture, Messages.ShapeConflict, RequestShape), RequestShape);
            }

            var options = new AurikoClientOptions
            {
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
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
            // Connect-Auriko -SkipValidation never stores a session that cannot be used.
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
