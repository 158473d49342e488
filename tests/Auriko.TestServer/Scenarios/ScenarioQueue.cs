namespace Auriko.TestServer.Scenarios;

/// <summary>
/// FIFO of scenarios. A request takes the first entry whose path prefix (and body text, when the
/// entry has a <see cref="Scenario.Match"/>) matches; an entry stays
/// in place until its Times are used up (-1 = forever). One lock: the queue is tiny and
/// contention is irrelevant next to an HTTP request.
/// </summary>
internal sealed class ScenarioQueue
{
    private sealed class Entry
    {
        public required Scenario Scenario { get; init; }
        public int Remaining { get; set; }
    }

    private readonly List<Entry> _entries = new();
    private readonly object _gate = new();

    public void Enqueue(IEnumerable<Scenario> scenarios)
    {
        lock (_gate)
        {
            foreach (var s in scenarios)
            {
                if (s.Kind == ScenarioKinds.RateLimitThenOk)
                {
                    // Expands to "429 with Retry-After (Times times), then one normal answer", so the
                    // retry succeeds even when more scenarios are queued behind it.
                    var error = s.Clone();
                    error.Kind = ScenarioKinds.Error;
                    error.Status ??= 429;
                    error.Code ??= "rate_limit_exceeded";
                    if (error.RetryAfter is null && error.RetryAfterRaw is null)
                    {
                        error.RetryAfter = 1;
                    }

                    _entries.Add(new Entry { Scenario = error, Remaining = s.Times == 0 ? 1 : s.Times });
                    var ok = s.Clone();
                    ok.Kind = ScenarioKinds.Ok;
                    ok.Times = 1;
                    _entries.Add(new Entry { Scenario = ok, Remaining = 1 });
                    continue;
                }
                _entries.Add(new Entry { Scenario = s, Remaining = s.Times == 0 ? 1 : s.Times });
            }
        }
    }

    public Scenario? Take(string path, ReadOnlySpan<byte> body = default)
    {
        lock (_gate)
        {
            for (int i = 0; i < _entries.Count; i++)
            {
                var e = _entries[i];
                if (!Matches(e.Scenario.Path, path))
                {
                    continue;
                }

                if (e.Scenario.Match is { } match && body.IndexOf(System.Text.Encoding.UTF8.GetBytes(match)) < 0)
                {
                    continue;
                }

                if (e.Remaining > 0 && --e.Remaining == 0)
                {
                    _entries.RemoveAt(i);
                }

                return e.Scenario;
            }
            return null;
        }
    }

    public int Count
    {
        get { lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public List<(Scenario Scenario, int Remaining)> Snapshot()
    {
        lock (_gate)
        {
            return _entries.Select(e => (e.Scenario, e.Remaining)).ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    private static bool Matches(string? prefix, string path)
    {
        if (string.IsNullOrEmpty(prefix) || prefix == "*")
        {
            return true;
        }

        if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // Tolerate prefixes written relative to the base URL ("/chat/completions").
        return path.StartsWith("/v1", StringComparison.OrdinalIgnoreCase)
            && path.AsSpan(3).StartsWith(prefix.StartsWith('/') ? prefix : "/" + prefix, StringComparison.OrdinalIgnoreCase);
    }
}
