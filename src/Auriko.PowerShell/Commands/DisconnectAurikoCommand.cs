using System.Globalization;
using System.Management.Automation;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets the default Auriko connection made by Connect-Auriko.</para>
    /// <para type="description">Afterwards the cmdlets fall back to AURIKO_API_KEY / AURIKO_BASE_URL.
    /// Session objects kept in variables (Connect-Auriko -PassThru) keep working with -Session.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Auriko")]
    [OutputType(typeof(void))]
    public sealed class DisconnectAurikoCommand : AurikoCmdlet
    {
        /// <summary>Clears the process-wide default session.</summary>
        protected override void EndProcessing()
        {
            var previous = AurikoSession.Default;
            AurikoSession.SetDefault(null);
            if (previous != null)
            {
                WriteVerboseLevel(string.Format(CultureInfo.InvariantCulture, Messages.Disconnected, previous));
            }
        }
    }
}
