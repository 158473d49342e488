using System.Management.Automation;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows the Auriko connection the cmdlets use: base URL, masked key, timeout, retries.</para>
    /// <para type="description">The default session from Connect-Auriko, else the one from AURIKO_API_KEY /
    /// AURIKO_BASE_URL; nothing when neither exists. The key itself is never shown.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AurikoConnection")]
    [OutputType(typeof(AurikoSession))]
    public sealed class GetAurikoConnectionCommand : AurikoCmdlet
    {
        /// <summary>Writes the session in effect.</summary>
        protected override void EndProcessing()
        {
            var session = AurikoSession.Default ?? EnvironmentSession(allowNoKey: false);
            if (session == null)
            {
                WriteVerboseLevel(Messages.NotConnected);
                return;
            }
            WriteObject(session);
        }
    }
}
