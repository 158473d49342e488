using System;
using System.Management.Automation;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the budgets of a workspace: all of them, or the ones named by -Id.</para>
    /// <para type="description">-WorkspaceId binds by property name (Get-AurikoWorkspace | Get-AurikoBudget)
    /// and defaults to the API key's workspace. Budgets have only scalar properties: amounts in USD as
    /// numbers, dates as dates, RemainingUsd and PercentUsed computed when the API omits them.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AurikoBudget")]
    [OutputType(typeof(Budget))]
    public sealed class GetAurikoBudgetCommand : AurikoApiCmdlet
    {
        private string? _keyWorkspace;

        /// <summary>The workspace; default the API key's workspace (from GET /me).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? WorkspaceId { get; set; }

        /// <summary>Budget ids; all budgets of the workspace when omitted.</summary>
        [Parameter(Position = 0)]
        [Alias("BudgetId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Lists or gets the budgets of one workspace.</summary>
        protected override void ProcessRecord()
        {
            if (!ShouldProcessItem())
            {
                return;
            }

            string? workspaceId = WorkspaceId ?? KeyWorkspace();
            if (workspaceId == null)
            {
                return;
            }

            WriteListOrGet(Id, (call, ct) => Client.ListBudgetsAsync(workspaceId, call, ct), workspaceId,
                (id, call, ct) => Client.GetBudgetAsync(workspaceId, id, call, ct));
        }

        private string? KeyWorkspace()
        {
            if (_keyWorkspace != null)
            {
                return _keyWorkspace;
            }

            if (ResolvedSession.WorkspaceId != null)
            {
                return _keyWorkspace = ResolvedSession.WorkspaceId;
            }

            Identity identity;
            try
            {
                identity = Await((call, ct) => Client.GetIdentityAsync(call, ct));
            }
            catch (Exception ex) when (IsClientError(ex))
            {
                // Every item needs the key's workspace: report once and stop.
                Halt(ex);
                WriteError(ErrorRecords.FromException(ex, ResolvedSession.BaseUrl, ResolvedSession.BaseUrl));
                return null;
            }
            if (string.IsNullOrEmpty(identity.WorkspaceId))
            {
                var noWorkspace = new InvalidOperationException(Messages.NoWorkspace);
                Halt(noWorkspace);
                WriteError(new ErrorRecord(noWorkspace, "NoWorkspace", ErrorCategory.ObjectNotFound, identity.UserId));
                return null;
            }
            return _keyWorkspace = identity.WorkspaceId;
        }
    }
}
