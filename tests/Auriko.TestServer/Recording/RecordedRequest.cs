namespace Auriko.TestServer;

/// <summary>One request the emulator received (everything outside /_test is recorded).</summary>
public sealed class RecordedRequest
{
    internal RecordedRequest(long sequence, string method, string path, string query,
        IReadOnlyDictionary<string, string> headers, string body, string connectionId,
        DateTimeOffset receivedAt, string requestId)
    {
        Sequence = sequence;
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
        ConnectionId = connectionId;
        ReceivedAt = receivedAt;
        RequestId = requestId;
    }

    /// <summary>1-based position since the last reset.</summary>
    public long Sequence { get; }
    public string Method { get; }
    /// <summary>Path without the query, e.g. "/v1/chat/completions".</summary>
    public string Path { get; }
    /// <summary>Query string without the leading '?', "" when none.</summary>
    public string Query { get; }
    /// <summary>Request headers, case-insensitive; repeated headers joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }
    /// <summary>Body as UTF-8 text ("" when none).</summary>
    public string Body { get; }
    /// <summary>Kestrel connection id: equal ids = the same TCP connection was reused.</summary>
    public string ConnectionId { get; }
    public DateTimeOffset ReceivedAt { get; }
    /// <summary>The X-Request-ID the emulator answered with.</summary>
    public string RequestId { get; }

    /// <summary>Case-insensitive header lookup; null when absent.</summary>
    public string? GetHeader(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public override string ToString() => $"{Method} {Path}{(Query.Length > 0 ? "?" + Query : "")}";
}
