using System;
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
        /// <summary>Workspace ids; all workspaces when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("WorkspaceId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Lists or gets workspaces.</summary>
        protected override void ProcessRecord()
        {
            if (Halted) return;
            if (Id == null || Id.Length == 0)
            {
                try
                {
                    foreach (var workspace in Await((call, ct) => Client.ListWorkspacesAsync(call, ct)))
                    {
                        WriteObject(workspace);
                    }
                }
                catch (Exception ex) when (IsClientError(ex))
                {
                    WriteItemError(ex, ResolvedSession.BaseUrl);
                }
                return;
            }

            foreach (var id in Id)
            {
                if (Halted) return;
                try
                {
                    WriteObject(Await((call, ct) => Client.GetWorkspaceAsync(id, call, ct)));
                }
                catch (Exception ex) when (IsClientError(ex))
                {
                    WriteItemError(ex, id);
                }
            }
        }
    }
}
