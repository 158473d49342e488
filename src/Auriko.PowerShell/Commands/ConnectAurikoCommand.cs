using System.Globalization;
using System.Management.Automation;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects to the Auriko API and makes the connection the process-wide default.</para>
    /// <para type="description">Checks the key with GET /me (unless -SkipValidation) and sets the default
    /// session every Auriko cmdlet uses, in every runspace of the process (ForEach-Object -Parallel too).
    /// A failed validation leaves the previous connection unchanged. For a second connection next to the
    /// default, use New-AurikoSession.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Auriko")]
    [OutputType(typeof(AurikoSession))]
    public sealed class ConnectAurikoCommand : AurikoSessionCmdlet
    {
        /// <summary>Also write the new default session.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override string UnchangedAfterFailure => Messages.PreviousConnectionUnchanged;

        /// <summary>Builds the session, validates it, and makes it the default.</summary>
        protected override void EndProcessing()
        {
            var session = CreateSession();
            var previous = AurikoSession.Default;
            AurikoSession.SetDefault(session);
            // Connect-Auriko always sets the default; say so when it replaces one, so a second Connect-Auriko
            // (meant as a side connection) is visible under -Verbose. New-AurikoSession makes side connections.
            if (previous != null)
            {
                WriteVerboseLevel(string.Format(CultureInfo.InvariantCulture, Messages.ReplacedDefault, previous));
            }
            WriteVerboseLevel(string.Format(CultureInfo.InvariantCulture, Messages.Connected, session.BaseUrl,
                session.UserId ?? session.MaskedApiKey));
            if (PassThru)
            {
                WriteObject(session);
            }
        }
    }
}
