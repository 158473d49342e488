using System.Text;
using Auriko.TestServer.Api;
using Auriko.TestServer.Data;

namespace Auriko.TestServer.Endpoints;

/// <summary>/v1/me, workspaces and budgets: API-key reads ("Endpoints" in src/Auriko/README.md).</summary>
internal static class ManagementEndpoints
{
    public static async Task MeAsync(HttpContext ctx, EmulatorState state, Scenario? s)
    {
        if (await RejectAsync(ctx))
        {
            return;
        }

        CommonHeaders.ApplyBudget(ctx.Response);
        await JsonResponder.SendAsync(ctx, state, Encoding.UTF8.GetBytes(Fixtures.Identity), s);
    }

    public static async Task ListWorkspacesAsync(HttpContext ctx, EmulatorState state, Scenario? s)
    {
        if (await RejectAsync(ctx))
        {
            return;
        }

        var body = ListEnvelope.Build(ListEnvelope.Choose(ctx, s), "workspaces", Fixtures.Workspaces.Select(w => w.Json));
        await JsonResponder.SendAsync(ctx, state, body, s);
    }

    public static async Task GetWorkspaceAsync(HttpContext ctx, EmulatorState state, Scenario? s, string workspaceId)
    {
        if (await RejectAsync(ctx))
        {
            return;
        }

        var ws = Fixtures.Workspaces.FirstOrDefault(w => string.Equals(w.Id, workspaceId, StringComparison.OrdinalIgnoreCase));
        if (ws.Json is null)
        {
            await ErrorWriter.WriteAsync(ctx, NotFound("Workspace", workspaceId, "workspace_id"));
            return;
        }
        await JsonResponder.SendAsync(ctx, state, Encoding.UTF8.GetBytes(ws.Json), s);
    }

    public static async Task ListBudgetsAsync(HttpContext ctx, EmulatorState state, Scenario? s, string workspaceId)
    {
        if (await RejectAsync(ctx))
        {
            return;
        }

        if (!Fixtures.BudgetsByWorkspace.TryGetValue(workspaceId, out var budgets))
        {
            await ErrorWriter.WriteAsync(ctx, NotFound("Workspace", workspaceId, "workspace_id"));
            return;
        }
        var body = ListEnvelope.Build(ListEnvelope.Choose(ctx, s), "budgets", budgets.Select(b => b.Json));
        await JsonResponder.SendAsync(ctx, state, body, s);
    }

    public static async Task GetBudgetAsync(HttpContext ctx, EmulatorState state, Scenario? s, string workspaceId, string budgetId)
    {
        if (await RejectAsync(ctx))
        {
            return;
        }

        if (!Fixtures.BudgetsByWorkspace.TryGetValue(workspaceId, out var budgets))
        {
            await ErrorWriter.WriteAsync(ctx, NotFound("Workspace", workspaceId, "workspace_id"));
            return;
        }
        var budget = budgets.FirstOrDefault(b => string.Equals(b.Id, budgetId, StringComparison.OrdinalIgnoreCase));
        if (budget.Json is null)
        {
            await ErrorWriter.WriteAsync(ctx, NotFound("Budget", budgetId, "budget_id"));
            return;
        }
        await JsonResponder.SendAsync(ctx, state, Encoding.UTF8.GetBytes(budget.Json), s);
    }

    /// <summary>Era C code and type for unknown ids.</summary>
    private static ApiError NotFound(string what, string id, string param) =>
        new(404, "resource_not_found", $"{what} '{id}' was not found.", param) { Type = "not_found_error" };

    private static async Task<bool> RejectAsync(HttpContext ctx)
    {
        var error = Auth.Check(ctx);
        if (error is null)
        {
            return false;
        }

        await ErrorWriter.WriteAsync(ctx, error);
        return true;
    }
}
