using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Auriko.Errors;
using Auriko.Json;

namespace Auriko.Http
{
    /// <summary>
    /// The HTTP pipeline of <see cref="AurikoClient"/>: send (authentication, headers, the per-attempt timeout), retry
    /// (with backoff, by <see cref="RetryPolicy"/>) and read (body limits, UTF-8 and JSON checks, error responses
    /// through <see cref="ErrorMapper"/>). It knows no endpoint: every endpoint and what its answer means lives in the
    /// client. One instance per client; thread-safe.
    /// </summary>
    internal sealed class Transport
    {
        /// <summary>The largest JSON body the client buffers; larger ones fail clearly instead of exhausting memory.</summary>
        public const int MaxBodyBytes = 64 * 1024 * 1024;

        /// <summary>Debug events show at most this much of a body.</summary>
        private const int MaxLoggedChars = 32 * 1024;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        private static readonly MediaTypeHeaderValue JsonContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        private readonly AurikoClientOptions _options;
        private readonly HttpClient _http;
        private readonly Uri _baseUrl;
        private readonly string? _secret;

        public Transport(AurikoClientOptions options)
        {
            _options = options;
            _http = HttpClientPool.Get(options.Proxy);
            var text = options.BaseUrl.AbsoluteUri;
            _baseUrl = new Uri(text.EndsWith("/", StringComparison.Ordinal) ? text : text + "/");
            _secret = options.ApiKey?.Reveal();
            UserAgent = BuildUserAgent(options.UserAgentProduct);
        }

        /// <summary>The User-Agent sent with every request.</summary>
        public string UserAgent { get; }

        /// <summary>The API key in plain text, for redaction only (never logged).</summary>
        public string? Secret => _secret;

        /// <summary>The attempt timeout of a call (its own, else the client's), also the idle timeout of its stream.</summary>
        public TimeSpan AttemptTimeout(AurikoCallOptions? call) => AurikoCallOptions.TimeoutFor(call, _options);

        /// <summary>Joins escaped path segments, e.g. <c>workspaces/ws%201/budgets</c>.</summary>
        public static string Path(params string[] segments) => string.Join("/", segments.Select(Uri.EscapeDataString));

        internal static string BuildUserAgent(string? product)
        {
            var assembly = typeof(Transport).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
            var plus = version.IndexOf('+');
            if (plus > 0)
            {
                version = version.Substring(0, plus);
            }

            // Parentheses would end the comment early; the runtime text is informational only.
            var runtime = (RuntimeInformation.FrameworkDescription + "; " + RuntimeInformation.OSDescription).Replace('(', '[').Replace(')', ']').Trim();
            var ua = $"Auriko.NET/{version} ({runtime})";
            return string.IsNullOrWhiteSpace(product) ? ua : product!.Trim() + " " + ua;
        }

        internal static string RequestIdPart(ResponseHeaders? headers) => ResponseHeaders.RequestIdText(headers, inParentheses: true);

        /// <summary>Whether an event of this kind would be seen: a sink that filters (the cmdlets') is asked first, so no event text is built for nobody.</summary>
        internal static bool Wants(IAurikoEventSink? sink, AurikoEventKind kind) =>
            sink != null && (sink is not IAurikoEventFilter filter || filter.Wants(kind));

        internal static void Emit(IAurikoEventSink? sink, AurikoEvent e)
        {
            if (sink is null)
            {
                return;
            }

            try
            {
                sink.OnEvent(e);
            }
            catch (Exception)
            {
                // Diagnostics must never break the call they describe.
            }
        }

        private static ResponseHeaders HeadersOf(HttpResponseMessage response)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var h in response.Headers)
            {
                pairs.Add(new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value)));
            }

            foreach (var h in response.Content.Headers)
            {
                pairs.Add(new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value)));
            }

            return new ResponseHeaders(pairs);
        }

        private static bool IsNetworkFailure(Exception ex) =>
            ex is HttpRequestException || ex is IOException || ex is SocketException || ex is ObjectDisposedException;

        public PooledBuffer Serialize(ChatCompletionRequest request, bool stream)
        {
            var buffer = new PooledBuffer();
            try
            {
                RequestWriter.Write(request, _options.RequestShape, stream, buffer);
                return buffer;
            }
            catch
            {
                buffer.Dispose();
                throw;
            }
        }

        /// <summary>Runs one call with retries. <paramref name="onSuccess"/> handles a 2xx response within the attempt's timeout.</summary>
        public async Task<T> ExecuteAsync<T>(
            HttpMethod method,
            string path,
            PooledBuffer? body,
            bool requiresKey,
            bool streaming,
            AurikoCallOptions? call,
            Func<HttpResponseMessage, ResponseHeaders, CancellationToken, Task<T>> onSuccess,
            CancellationToken ct)
        {
            var url = new Uri(_baseUrl, path);
            var sink = call?.Events;
            CheckBeforeSending(url, requiresKey);
            ct.ThrowIfCancellationRequested();

            if (body != null && Wants(sink, AurikoEventKind.RequestBody))
            {
                Emit(sink, new AurikoEvent(AurikoEventKind.RequestBody, ShortenedBody(body.Array, body.Length))
                {
                    Method = method.Method,
                    Url = url,
                });
            }

            // The call's own limits (e.g. the cmdlets' -TimeoutSec and -MaxRetries) win over the client's.
            var attemptTimeout = AurikoCallOptions.TimeoutFor(call, _options);
            var maxAttempts = AurikoCallOptions.MaxRetriesFor(call, _options) + 1;
            for (var attempt = 1; ; attempt++)
            {
                // A batch's calls share a gate: while one of them waits out a 429, none of them sends.
                if (call?.RateLimitGate is { } gate)
                {
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                }

                Exception failure;
                TimeSpan? retryAfter = null;
                string reason;
                int? failedStatus = null;
                HttpResponseMessage? response = null;
                ResponseHeaders? headers = null; // kept outside the try so a later timeout can still name the request id
                var handedOff = false;
                var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                if (attemptTimeout != Timeout.InfiniteTimeSpan)
                {
                    attemptCts.CancelAfter(attemptTimeout);
                }

                try
                {
                    using var httpRequest = BuildRequest(method, url, body, streaming);
                    if (Wants(sink, AurikoEventKind.Request))
                    {
                        Emit(sink, new AurikoEvent(AurikoEventKind.Request, $"{method.Method} {url} (attempt {attempt} of {maxAttempts})")
                        {
                            Method = method.Method,
                            Url = url,
                            Attempt = attempt,
                        });
                    }

                    var stopwatch = Stopwatch.StartNew();
                    response = await _http.SendAsync(httpRequest, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
                    headers = HeadersOf(response);
                    var status = (int)response.StatusCode;
                    if (Wants(sink, AurikoEventKind.Response))
                    {
                        // Built only when someone listens: the common path stays allocation-light.
                        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
                        var provider = headers.ProviderUsed is null ? string.Empty : ", provider " + headers.ProviderUsed;
                        Emit(sink, new AurikoEvent(
                            AurikoEventKind.Response,
                            string.Format(CultureInfo.InvariantCulture, "{0} {1} -> {2} in {3:0} ms{4}{5}", method.Method, url, status, elapsed, RequestIdPart(headers), provider))
                        {
                            Method = method.Method,
                            Url = url,
                            StatusCode = status,
                            ElapsedMs = elapsed,
                            RequestId = headers.RequestId,
                            Provider = headers.ProviderUsed,
                            Attempt = attempt,
                        });
                    }

                    // Some runtimes ignore tokens in blocked reads; closing the response makes them return.
                    using (attemptCts.Token.Register(static r => ((HttpResponseMessage)r!).Dispose(), response))
                    {
                        if (status >= 200 && status <= 299)
                        {
                            var result = await onSuccess(response, headers, attemptCts.Token).ConfigureAwait(false);
                            handedOff = streaming;
                            return result;
                        }

                        var error = await ReadErrorAsync(response, headers, sink, attemptCts.Token).ConfigureAwait(false);
                        if (attempt >= maxAttempts || !RetryPolicy.ShouldRetry(error))
                        {
                            throw error;
                        }

                        failure = error;
                        failedStatus = status;
                        retryAfter = error.RetryAfter;
                        reason = error.Code is null ? $"HTTP {status}" : $"HTTP {status} {error.Code}";
                    }
                }
                catch (Exception ex) when (ex is not AurikoException && ct.IsCancellationRequested)
                {
                    throw ex as OperationCanceledException ?? new OperationCanceledException("The call was cancelled.", ex, ct);
                }
                catch (Exception ex) when (ex is not AurikoException && attemptCts.IsCancellationRequested)
                {
                    var timeout = new AurikoConnectionException(
                        $"{method.Method} {url} did not complete within {FormatSeconds(attemptTimeout)} (attempt {attempt} of {maxAttempts}{RequestIdPart(headers)}).", ex, isTimeout: true)
                    {
                        RequestId = headers?.RequestId,
                    };
                    if (attempt >= maxAttempts)
                    {
                        throw timeout;
                    }

                    failure = timeout;
                    reason = "timeout";
                }
                catch (Exception ex) when (ex is not AurikoException && (IsNetworkFailure(ex) || ex is OperationCanceledException))
                {
                    var inner = ex.InnerException?.Message;
                    var connection = new AurikoConnectionException(
                        $"{method.Method} {url} failed: {Redaction.Redact(ex.Message, _secret)}{(inner is null ? string.Empty : " (" + Redaction.Redact(inner, _secret) + ")")} (attempt {attempt} of {maxAttempts}{RequestIdPart(headers)}).", ex)
                    {
                        RequestId = headers?.RequestId,
                    };
                    if (attempt >= maxAttempts)
                    {
                        throw connection;
                    }

                    failure = connection;
                    reason = "connection failure";
                }
                finally
                {
                    attemptCts.Dispose();
                    if (!handedOff)
                    {
                        response?.Dispose();
                    }
                }

                var delay = RetryPolicy.ComputeDelay(attempt - 1, retryAfter);
                if (failedStatus == 429)
                {
                    call?.RateLimitGate?.PauseFor(delay);
                }

                Emit(sink, new AurikoEvent(
                    AurikoEventKind.Retry,
                    $"Retrying {method.Method} {url} in {FormatSeconds(delay)} (attempt {attempt + 1} of {maxAttempts}) after {reason}: {failure.Message}")
                {
                    Method = method.Method,
                    Url = url,
                    StatusCode = failedStatus,
                    Attempt = attempt + 1,
                    Delay = delay,
                    RequestId = (failure as AurikoException)?.RequestId,
                });

                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                }
                else
                {
                    ct.ThrowIfCancellationRequested();
                }
            }
        }

        private void CheckBeforeSending(Uri url, bool requiresKey)
        {
            if (_secret is null)
            {
                if (requiresKey)
                {
                    throw new AuthenticationException(
                        "No API key: set the AURIKO_API_KEY environment variable or pass a key to the client (Connect-Auriko -ApiKey).", 0, "missing_api_key");
                }

                return;
            }

            if (_options.RefusesKeyOver(url))
            {
                throw new AurikoException(
                    $"Refusing to send the API key over unencrypted http:// to '{url.Host}'. Use https://, or opt in explicitly with AllowInsecureHttp (Connect-Auriko -AllowInsecureHttp).");
            }
        }

        private HttpRequestMessage BuildRequest(HttpMethod method, Uri url, PooledBuffer? body, bool streaming)
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(streaming ? "text/event-stream" : "application/json"));
            if (_secret != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _secret);
            }

            if (body != null)
            {
                // A fresh content per attempt over the same pooled bytes: retries resend without re-serialising.
                request.Content = new ByteArrayContent(body.Array, 0, body.Length);
                request.Content.Headers.ContentType = JsonContentType;
            }

            return request;
        }

        /// <summary>Reads a JSON body (checked: size, UTF-8, JSON) and hands its bytes and text to <paramref name="map"/>.</summary>
        public async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, ResponseHeaders headers, AurikoCallOptions? call, Func<ReadOnlyMemory<byte>, string, T> map, CancellationToken token)
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType != null && mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0)
            {
                throw new AurikoException(
                    $"Expected a JSON response but got '{mediaType}' (status {(int)response.StatusCode}{RequestIdPart(headers)}).")
                {
                    RequestId = headers.RequestId,
                };
            }

            using var body = await ReadBodyAsync(response, MaxBodyBytes, truncate: false, headers, token).ConfigureAwait(false);
            string raw;
            try
            {
                raw = StrictUtf8.GetString(body.Array, 0, body.Length);
            }
            catch (DecoderFallbackException ex)
            {
                throw new AurikoException($"The server's response is not valid UTF-8 (status {(int)response.StatusCode}{RequestIdPart(headers)}).", ex)
                {
                    RequestId = headers.RequestId,
                };
            }

            if (call?.Events is IAurikoEventSink sink && Wants(sink, AurikoEventKind.ResponseBody))
            {
                Emit(sink, new AurikoEvent(AurikoEventKind.ResponseBody, Shorten(Redaction.Redact(raw, _secret))) { RequestId = headers.RequestId, StatusCode = (int)response.StatusCode });
            }

            try
            {
                return map(body.Memory, raw);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is FormatException || ex is ArgumentException)
            {
                var preview = raw.Length > 200 ? raw.Substring(0, 200) + "\u2026" : raw;
                throw new AurikoException(
                    $"The server's response is not valid JSON (status {(int)response.StatusCode}{RequestIdPart(headers)}): {Redaction.Redact(preview, _secret)}", ex)
                {
                    RequestId = headers.RequestId,
                    RawBody = Redaction.RawBody(raw, _secret),
                };
            }
        }

        private async Task<AurikoApiException> ReadErrorAsync(HttpResponseMessage response, ResponseHeaders headers, IAurikoEventSink? sink, CancellationToken token)
        {
            using var body = await ReadBodyAsync(response, ErrorMapper.MaxErrorBodyBytes, truncate: true, headers, token).ConfigureAwait(false);
            var error = ErrorMapper.FromResponse((int)response.StatusCode, response.ReasonPhrase, headers, body.Segment, response.Content.Headers.ContentType?.MediaType, _secret);
            if (error.RawBody != null && Wants(sink, AurikoEventKind.ResponseBody))
            {
                Emit(sink, new AurikoEvent(AurikoEventKind.ResponseBody, Shorten(error.RawBody)) { RequestId = headers.RequestId, StatusCode = (int)response.StatusCode });
            }

            return error;
        }

        /// <summary>Reads the body into a pooled buffer, refusing (or, for error bodies, cutting) anything over <paramref name="cap"/>.</summary>
        private static async Task<PooledBuffer> ReadBodyAsync(HttpResponseMessage response, int cap, bool truncate, ResponseHeaders headers, CancellationToken token)
        {
            var declared = response.Content.Headers.ContentLength;
            if (declared > cap && !truncate)
            {
                throw TooLarge(cap, headers);
            }

            var buffer = new PooledBuffer(declared is long n && n > 0 && n < cap ? (int)n + 1 : 16 * 1024, maxCapacity: cap + 1);
            try
            {
                using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                while (true)
                {
                    buffer.Ensure(Math.Min(8192, cap + 1 - buffer.Length));
                    var room = Math.Min(buffer.Array.Length - buffer.Length, cap + 1 - buffer.Length);
                    var read = await stream.ReadAsync(buffer.Array, buffer.Length, room, token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return buffer;
                    }

                    buffer.Advance(read);
                    if (buffer.Length > cap)
                    {
                        if (truncate)
                        {
                            return buffer;
                        }

                        throw TooLarge(cap, headers);
                    }
                }
            }
            catch
            {
                buffer.Dispose();
                throw;
            }
        }

        private static AurikoException TooLarge(int cap, ResponseHeaders headers) =>
            new AurikoException($"The response body is larger than the {cap / (1024 * 1024)} MB the client buffers for one response{RequestIdPart(headers)}; use streaming for very long answers.")
            {
                RequestId = headers.RequestId,
            };

        /// <summary>
        /// A body for a Debug event: only its start is decoded and redacted (a request with an inline image can be
        /// tens of megabytes). The slack past the shown length lets a key that straddles the cut still be found.
        /// </summary>
        private string ShortenedBody(byte[] bytes, int length)
        {
            var decodedBytes = Math.Min(length, (MaxLoggedChars + 1024) * 4);
            var text = Shorten(Redaction.Redact(Encoding.UTF8.GetString(bytes, 0, decodedBytes), _secret));
            return decodedBytes < length && !text.EndsWith("(truncated)", StringComparison.Ordinal) ? text + "\u2026 (truncated)" : text;
        }

        private static string Shorten(string text) => text.Length <= MaxLoggedChars ? text : text.Substring(0, MaxLoggedChars) + "\u2026 (truncated)";

        private static string FormatSeconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
    }
}
