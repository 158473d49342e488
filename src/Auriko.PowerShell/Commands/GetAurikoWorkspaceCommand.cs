using System.Management.Automation;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets Auriko workspaces: all the key can read, or the ones named by -Id.</para>
    /// <para type="description">Workspace objects carry WorkspaceId, so they pipe into Get-AurikoBudget.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AurikoWorkspace")]
    [OutputType(typeof(Workspace))]
    public sealed class GetAurikoWorkspaceCommand : AurikoApiCmdlet
    {
        /// <summary>Workspace ids; all workspaces when omitted. Piped strings are ids.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>
        /// The WorkspaceId of a piped object (a workspace, a budget, Get-AurikoIdentity). A piped
        /// object's own Id is not a workspace id (a budget's is the budget's), so only this binds
        /// by property name, and it wins over the piped object's string form bound to -Id.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        [ValidateNotNullOrEmpty]
        public string[]? WorkspaceId { get; set; }

        /// <summary>Lists or gets workspaces.</summary>
        protected override void ProcessRecord()
        {
            var ids = MyInvocation.BoundParameters.ContainsKey(nameof(WorkspaceId)) ? WorkspaceId : Id;
            WriteListOrGet(ids, (call, ct) => Client.ListWorkspacesAsync(call, ct), ResolvedSession.BaseUrl,
                (id, call, ct) => Client.GetWorkspaceAsync(id, call, ct));
        }
    }
}
