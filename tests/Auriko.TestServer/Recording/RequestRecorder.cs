namespace Auriko.TestServer.Recording;

/// <summary>
/// Bounded log of received requests. The soak test sends 10,000+ requests, so only the last
/// <see cref="Capacity"/> are kept while <see cref="TotalCount"/> always counts.
/// </summary>
internal sealed class RequestRecorder
{
    public const int Capacity = 20_000;

    private readonly Queue<RecordedRequest> _log = new();
    private readonly object _gate = new();
    private long _total;

    public long TotalCount => Interlocked.Read(ref _total);

    /// <summary>Reserves the next sequence number (1-based since reset).</summary>
    public long NextSequence() => Interlocked.Increment(ref _total);

    public void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _log.Enqueue(request);
            while (_log.Count > Capacity)
            {
                _log.Dequeue();
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            var list = _log.ToList();
            // Concurrent requests may be logged slightly out of order; tests expect arrival order.
            list.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            return list;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _log.Clear();
            Interlocked.Exchange(ref _total, 0);
        }
    }
}
