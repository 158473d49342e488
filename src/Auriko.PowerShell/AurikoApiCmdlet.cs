using System.Management.Automation;

namespace Auriko.PowerShell
{
    /// <summary>The base of the cmdlets that call the API: adds -Session.</summary>
    public abstract class AurikoApiCmdlet : AurikoCmdlet
    {
        /// <summary>
        /// The session to use instead of the default one (from Connect-Auriko -PassThru).
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public AurikoSession? Session { get; set; }

        /// <summary>The -Session parameter.</summary>
        protected override AurikoSession? ExplicitSession => Session;
    }
}
