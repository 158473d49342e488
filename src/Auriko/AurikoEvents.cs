using System;

namespace Auriko
{
    /// <summary>Receives diagnostic events of a call (requests, responses, retries, redacted bodies). May be called on any thread.</summary>
    public interface IAurikoEventSink
    {
        /// <summary>Handles one event. Must not throw; exceptions are swallowed so diagnostics never break a call.</summary>
        /// <param name="e">The event; its text is already redacted.</param>
        void OnEvent(AurikoEvent e);
    }

    /// <summary>What an <see cref="AurikoEvent"/> reports.</summary>
    public enum AurikoEventKind
    {
        /// <summary>A request is about to be sent (method and URL).</summary>
        Request,

        /// <summary>Response headers arrived (status, elapsed time, request id, provider).</summary>
        Response,

        /// <summary>A failed attempt will be retried after <see cref="AurikoEvent.Delay"/>.</summary>
        Retry,

        /// <summary>The redacted JSON request body (for debugging).</summary>
        RequestBody,

        /// <summary>The redacted JSON response body (for debugging).</summary>
        ResponseBody,

        /// <summary>Anything else worth telling.</summary>
        Info,
    }

    /// <summary>One diagnostic event. <see cref="Message"/> is redacted and never contains the API key.</summary>
    public sealed class AurikoEvent
    {
        internal AurikoEvent(AurikoEventKind kind, string message)
        {
            Kind = kind;
            Message = message;
        }

        /// <summary>What happened.</summary>
        public AurikoEventKind Kind { get; }

        /// <summary>Human-readable, redacted text.</summary>
        public string Message { get; }

        /// <summary>The HTTP method, when the event concerns a request.</summary>
        public string? Method { get; internal set; }

        /// <summary>The request URL, when the event concerns a request.</summary>
        public Uri? Url { get; internal set; }

        /// <summary>The HTTP status, for responses and retries caused by one.</summary>
        public int? StatusCode { get; internal set; }

        /// <summary>Milliseconds from sending the request to receiving the headers.</summary>
        public double? ElapsedMs { get; internal set; }

        /// <summary>The server's request id (<c>X-Request-ID</c>), when known.</summary>
        public string? RequestId { get; internal set; }

        /// <summary>The provider that served the request, when known.</summary>
        public string? Provider { get; internal set; }

        /// <summary>The 1-based attempt number the event belongs to (for retries: the attempt about to start).</summary>
        public int? Attempt { get; internal set; }

        /// <summary>For retries: how long the client waits before the next attempt.</summary>
        public TimeSpan? Delay { get; internal set; }

        /// <summary>Returns <see cref="Message"/>.</summary>
        public override string ToString() => Message;
    }

    /// <summary>Per-call settings; all optional. Limits left null are the client's (<see cref="AurikoClientOptions"/>).</summary>
    public sealed class AurikoCallOptions
    {
        private TimeSpan? _timeout;
        private int? _maxRetries;

        /// <summary>Receives diagnostic events for this call.</summary>
        public IAurikoEventSink? Events { get; set; }

        /// <summary>
        /// This call's per-attempt timeout (and stream idle timeout) instead of <see cref="AurikoClientOptions.Timeout"/>;
        /// the same bounds apply (positive, at most <see cref="AurikoClientOptions.MaxTimeout"/>, or infinite).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is outside the bounds.</exception>
        public TimeSpan? Timeout
        {
            get => _timeout;
            set => _timeout = value is TimeSpan t && AurikoClientOptions.TimeoutProblem(t) is string problem
                ? throw new ArgumentOutOfRangeException(nameof(Timeout), t, problem)
                : value;
        }

        /// <summary>This call's retry count instead of <see cref="AurikoClientOptions.MaxRetries"/> (0 to <see cref="AurikoClientOptions.MaxMaxRetries"/>).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is outside the bounds.</exception>
        public int? MaxRetries
        {
            get => _maxRetries;
            set => _maxRetries = value is int n && AurikoClientOptions.MaxRetriesProblem(n) is string problem
                ? throw new ArgumentOutOfRangeException(nameof(MaxRetries), n, problem)
                : value;
        }

        /// <summary>The timeout a call uses: its own, else the client's.</summary>
        internal static TimeSpan TimeoutFor(AurikoCallOptions? call, AurikoClientOptions client) => call?._timeout ?? client.Timeout;

        /// <summary>The retry count a call uses: its own, else the client's.</summary>
        internal static int MaxRetriesFor(AurikoCallOptions? call, AurikoClientOptions client) => call?._maxRetries ?? client.MaxRetries;

        /// <summary>
        /// Shared by the calls of a batch: a 429 on any of them holds back all of them for the wait (see
        /// <see cref="Auriko.RateLimitGate"/>). Null: each call backs off on its own.
        /// </summary>
        public RateLimitGate? RateLimitGate { get; set; }
    }

    /// <summary>
    /// Implemented by an <see cref="IAurikoEventSink"/> that only shows some kinds (the cmdlets show Request/Response
    /// under -Verbose and bodies under -Debug): the client then skips building the events nobody would see.
    /// </summary>
    internal interface IAurikoEventFilter
    {
        bool Wants(AurikoEventKind kind);
    }
}
