using System.Collections.Concurrent;

namespace Auriko.TestServer.Recording;

/// <summary>
/// Counts connections two ways. <see cref="Used"/>: distinct TCP connections that carried API
/// (non-/_test) requests since reset, by Kestrel connection id; this is what tests assert for
/// connection reuse, unaffected by the test's own control calls. <see cref="Opened"/>: raw TCP
/// connections accepted since reset, counted by a Kestrel connection middleware.
/// </summary>
internal sealed class ConnectionTracker
{
    private readonly ConcurrentDictionary<string, byte> _used = new();
    private int _opened;
    private int _active;

    public int Used => _used.Count;

    public int Opened => Volatile.Read(ref _opened);

    /// <summary>Connections open right now (not affected by reset).</summary>
    public int Active => Volatile.Read(ref _active);

    public void OnOpened()
    {
        Interlocked.Increment(ref _opened);
        Interlocked.Increment(ref _active);
    }

    public void OnClosed() => Interlocked.Decrement(ref _active);

    public void OnApiRequest(string connectionId) => _used.TryAdd(connectionId, 0);

    public void Reset()
    {
        _used.Clear();
        Interlocked.Exchange(ref _opened, 0);
    }
}
