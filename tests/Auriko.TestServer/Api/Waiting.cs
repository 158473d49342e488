namespace Auriko.TestServer.Api;

/// <summary>Helpers for the "never answer" faults.</summary>
internal static class Waiting
{
    /// <summary>
    /// Blocks until the client disconnects or the host stops, then aborts the connection so
    /// nothing (not even an empty 200) is ever sent after the wait.
    /// </summary>
    public static async Task UntilClientGoesAwayAsync(HttpContext ctx, EmulatorState state)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, state.Stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, cts.Token);
        }
        catch (OperationCanceledException)
        {
        }
        ctx.Abort();
    }
}
