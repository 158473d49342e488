using System.Net;
using Auriko.TestServer.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Auriko.TestServer;

/// <summary>
/// The Auriko API emulator on http://127.0.0.1:PORT. Used in-process by xunit
/// (<c>await using var server = await EmulatorHost.StartAsync();</c>) and by Program for the
/// standalone process. The C# helpers mirror the /_test control API.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private int _disposed;

    private EmulatorHost(WebApplication app, EmulatorState state, int port)
    {
        _app = app;
        _state = state;
        Port = port;
        RootUrl = new Uri($"http://127.0.0.1:{port}/");
        BaseUrl = new Uri(RootUrl, "v1/");
    }

    /// <summary>The bound port.</summary>
    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT/ (the control API lives at /_test/...).</summary>
    public Uri RootUrl { get; }

    /// <summary>http://127.0.0.1:PORT/v1/ : what a client uses as its base URL.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Recorded requests (the last 20,000), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _state.Recorder.Snapshot();

    /// <summary>Requests received since reset (counts beyond the recorded window).</summary>
    public long RequestCount => _state.Recorder.TotalCount;

    /// <summary>Distinct TCP connections that carried API (non-/_test) requests since reset.</summary>
    public int ConnectionsOpened => _state.Connections.Used;

    /// <summary>Raw TCP connections accepted since reset (control API connections included).</summary>
    public int TcpConnectionsOpened => _state.Connections.Opened;

    /// <summary>TCP connections open right now.</summary>
    public int ActiveConnections => _state.Connections.Active;

    /// <summary>Queued scenarios not yet used up.</summary>
    public int PendingScenarios => _state.Scenarios.Count;

    /// <summary>Failures injected by chaos mode since reset.</summary>
    public long ChaosInjected => _state.Chaos.Injected;

    /// <summary>Binds 127.0.0.1 only; port 0 picks a free port.</summary>
    public static async Task<EmulatorHost> StartAsync(int port = 0)
    {
        var state = new EmulatorState();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        // No console lifetime: in-process it must not hook the test runner's Ctrl+C/SIGTERM;
        // the standalone Program handles signals itself.
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // Slow or stalled readers (backpressure, lag measurements) must not be cut off.
            k.Limits.MinResponseDataRate = null;
            k.Limits.MinRequestBodyDataRate = null;
            k.Limits.MaxRequestBodySize = 256L * 1024 * 1024;
            k.Limits.MaxConcurrentConnections = null;
            k.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                // Connection-level middleware: counts TCP connections, not requests.
                listen.Use(next => async connection =>
                {
                    state.Connections.OnOpened();
                    try
                    {
                        await next(connection);
                    }
                    finally
                    {
                        state.Connections.OnClosed();
                    }
                });
            });
        });

        var app = builder.Build();
        var dispatcher = new ApiDispatcher(state);
        app.Run(dispatcher.HandleAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
        return new EmulatorHost(app, state, bound);
    }

    /// <summary>Same as POST /_test/reset: clears the log, queue, chaos and counters.</summary>
    public void Reset() => _state.Reset();

    /// <summary>Same as POST /_test/scenarios.</summary>
    public void Enqueue(params Scenario[] scenarios) => _state.Scenarios.Enqueue(scenarios);

    /// <summary>Same as POST /_test/chaos; rates 0 switch chaos off.</summary>
    public void SetChaos(double rate429, double rate5xx, int seed = 1) => _state.Chaos.Configure(rate429, rate5xx, seed);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _state.SignalStopping();
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Host lifetime that does nothing: start/stop are driven by EmulatorHost.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
