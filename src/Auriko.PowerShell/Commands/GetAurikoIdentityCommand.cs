using System;
using System.Management.Automation;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the identity of the API key: user, workspace, tier and rate limit (GET /me).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AurikoIdentity")]
    [OutputType(typeof(Identity))]
    public sealed class GetAurikoIdentityCommand : AurikoApiCmdlet
    {
        /// <summary>Calls GET /me.</summary>
        protected override void EndProcessing()
        {
            try
            {
                WriteObject(Await((call, ct) => Client.GetIdentityAsync(call, ct)));
            }
            catch (Exception ex) when (IsClientError(ex))
            {
                WriteItemError(ex, ResolvedSession.BaseUrl);
            }
        }
    }
}
