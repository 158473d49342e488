using System;
using System.Management.Automation;
using Auriko.PowerShell.Arguments;

namespace Auriko.PowerShell
{
    /// <summary>
    /// The base of the cmdlets that call the API: adds -Session, and -TimeoutSec and -MaxRetries, which override the
    /// session's limits for this call only (same bounds as the client's, <see cref="AurikoClientOptions"/>).
    /// </summary>
    public abstract class AurikoApiCmdlet : AurikoCmdlet
    {
        /// <summary>
        /// The session to use instead of the default one (from New-AurikoSession, or Connect-Auriko -PassThru).
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public AurikoSession? Session { get; set; }

        /// <summary>This call's per-attempt timeout in seconds (also a stream's idle timeout), instead of the session's.</summary>
        [Parameter]
        [ValidateTimeoutSec]
        public double TimeoutSec { get; set; }

        /// <summary>How many times this call retries a failed request, instead of the session's count.</summary>
        [Parameter]
        [ValidateRange(0, AurikoClientOptions.MaxMaxRetries)]
        public int MaxRetries { get; set; }

        /// <summary>The -Session parameter.</summary>
        protected override AurikoSession? ExplicitSession => Session;

        /// <inheritdoc/>
        protected override TimeSpan? CallTimeout =>
            MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) ? ValidateTimeoutSecAttribute.ToTimeout(TimeoutSec) : null;

        /// <inheritdoc/>
        protected override int? CallMaxRetries =>
            MyInvocation.BoundParameters.ContainsKey(nameof(MaxRetries)) ? MaxRetries : (int?)null;
    }
}
