using Auriko.TestServer.Recording;
using Auriko.TestServer.Scenarios;

namespace Auriko.TestServer;

/// <summary>Everything the control API can see or change; shared by all request threads.</summary>
internal sealed class EmulatorState
{
    private readonly CancellationTokenSource _stopping = new();
    private long _requestIds;
    private long _completionIds;

    public RequestRecorder Recorder { get; } = new();
    public ScenarioQueue Scenarios { get; } = new();
    public Chaos Chaos { get; } = new();
    public ConnectionTracker Connections { get; } = new();

    /// <summary>Cancelled when the host stops, so hanging/silent responses end promptly.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Request ids never repeat, not even across resets (clients may key on them).</summary>
    public string NextRequestId() => "req_emu_" + Interlocked.Increment(ref _requestIds).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public string NextCompletionId() => "chatcmpl-emu-" + Interlocked.Increment(ref _completionIds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Reset()
    {
        Scenarios.Clear();
        Chaos.Clear();
        Recorder.Clear();
        Connections.Reset();
    }

    public void SignalStopping()
    {
        try { _stopping.Cancel(); } catch (ObjectDisposedException) { }
    }
}
