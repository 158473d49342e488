namespace Auriko.TestServer.Scenarios;

/// <summary>
/// Random failures for soak tests: 429 (Retry-After: 0) and 500/502/503 at given rates, from a
/// seeded Random so a run is reproducible in the aggregate. Never applied to /_test.
/// </summary>
internal sealed class Chaos
{
    private readonly object _gate = new();
    private Random? _random;
    private double _rate429;
    private double _rate5xx;
    private long _injected;

    public long Injected => Interlocked.Read(ref _injected);

    public bool Enabled
    {
        get { lock (_gate)
            {
                return _random is not null;
            }
        }
    }

    public void Configure(double rate429, double rate5xx, int seed)
    {
        if (rate429 < 0 || rate5xx < 0 || rate429 + rate5xx > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rate429), "rates must be >= 0 and add up to at most 1");
        }

        lock (_gate)
        {
            _rate429 = rate429;
            _rate5xx = rate5xx;
            _random = rate429 + rate5xx > 0 ? new Random(seed) : null;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _random = null;
        }

        Interlocked.Exchange(ref _injected, 0);
    }

    /// <summary>Returns the status to inject (429, 500, 502, 503) or 0 for "serve normally".</summary>
    public int Roll()
    {
        int status;
        lock (_gate)
        {
            if (_random is null)
            {
                return 0;
            }

            var r = _random.NextDouble();
            if (r < _rate429)
            {
                status = 429;
            }
            else if (r < _rate429 + _rate5xx)
            {
                status = _random.Next(3) switch { 0 => 500, 1 => 502, _ => 503 };
            }
            else
            {
                return 0;
            }
        }
        Interlocked.Increment(ref _injected);
        return status;
    }
}
