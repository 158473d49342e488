using System.Globalization;
using System.Management.Automation;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates an Auriko session for -Session, without changing the default connection.</para>
    /// <para type="description">Takes Connect-Auriko's parameters and checks the key with GET /me (unless
    /// -SkipValidation), then returns the session. The default connection (Connect-Auriko, or the environment)
    /// stays as it is, so a second key or gateway can be used side by side with -Session.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AurikoSession")]
    [OutputType(typeof(AurikoSession))]
    public sealed class NewAurikoSessionCommand : AurikoSessionCmdlet
    {
        /// <inheritdoc/>
        protected override string UnchangedAfterFailure => Messages.NoSessionCreated;

        /// <summary>Builds the session, validates it, and writes it.</summary>
        protected override void EndProcessing()
        {
            var session = CreateSession();
            WriteVerboseLevel(string.Format(CultureInfo.InvariantCulture, Messages.SessionCreated, session.BaseUrl,
                session.UserId ?? session.MaskedApiKey));
            WriteObject(session);
        }
    }
}
