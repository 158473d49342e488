using Auriko.TestServer.Data;

namespace Auriko.TestServer.Endpoints;

/// <summary>Public discovery endpoints: no auth (a bearer token, even a bad one, is ignored).</summary>
internal static class DiscoveryEndpoints
{
    public static Task RegistryModelsAsync(HttpContext ctx, EmulatorState state, Scenario? s) =>
        JsonResponder.SendAsync(ctx, state,
            ListEnvelope.Build(ListEnvelope.Choose(ctx, s), "models", Fixtures.RegistryModels.Select(m => m.Json)), s);

    public static Task DirectoryModelsAsync(HttpContext ctx, EmulatorState state, Scenario? s) =>
        JsonResponder.SendAsync(ctx, state,
            ListEnvelope.Build(ListEnvelope.Choose(ctx, s), "models", Fixtures.DirectoryModels.Select(m => m.Json)), s);

    public static Task ProvidersAsync(HttpContext ctx, EmulatorState state, Scenario? s) =>
        JsonResponder.SendAsync(ctx, state,
            ListEnvelope.Build(ListEnvelope.Choose(ctx, s), "providers", Fixtures.Providers.Select(p => p.Json)), s);
}
