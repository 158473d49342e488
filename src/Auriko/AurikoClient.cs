using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Auriko.Errors;
using Auriko.Http;
using Auriko.Json;
using Auriko.Streaming;

namespace Auriko
{
    /// <summary>
    /// The Auriko API client. Thread-safe; cheap to create, because every client with the same proxy
    /// settings shares one pooled <c>HttpClient</c>.
    /// </summary>
    /// <remarks>
    /// Every endpoint lives here: its path, what its request must satisfy (checked once, on entry, before anything
    /// is sent) and what its answer means. <see cref="Transport"/> below is only the HTTP pipeline (send, retry, read).
    /// </remarks>
    public sealed class AurikoClient : IDisposable
    {
        private const string ChatPath = "chat/completions";

        private readonly Transport _transport;
        private readonly AurikoClientOptions _options;

        /// <summary>Creates a client.</summary>
        /// <param name="options">Settings; copied and validated. Null reads the environment (<c>AURIKO_API_KEY</c>, <c>AURIKO_BASE_URL</c>).</param>
        /// <exception cref="AurikoException">A setting is unusable.</exception>
        public AurikoClient(AurikoClientOptions? options = null)
        {
            _options = (options ?? new AurikoClientOptions()).Clone();
            _options.Validate();
            _transport = new Transport(_options.Clone());
        }

        /// <summary>A copy of the client's settings.</summary>
        public AurikoClientOptions Options => _options.Clone();

        /// <summary>Creates a chat completion (<c>POST /chat/completions</c>).</summary>
        /// <param name="request">The request; validated before anything is sent.</param>
        /// <param name="call">Per-call options (diagnostic events).</param>
        /// <param name="cancellationToken">Cancels the call, including backoff waits.</param>
        /// <returns>The completion, with History = request messages + reply.</returns>
        public async Task<ChatCompletion> CreateChatCompletionAsync(ChatCompletionRequest request, AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
        {
            var asked = Accept(request);
            using var body = _transport.Serialize(request, stream: false);
            return await _transport.ExecuteAsync(
                HttpMethod.Post,
                ChatPath,
                body,
                requiresKey: true,
                streaming: false,
                call,
                (response, headers, token) => _transport.ReadJsonAsync(response, headers, call, (json, raw) => ReadCompletion(json, raw, headers, asked), token),
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Starts a streamed chat completion; returns once the response headers arrived (retries happen before).</summary>
        /// <param name="request">The request; validated before anything is sent.</param>
        /// <param name="call">Per-call options (diagnostic events).</param>
        /// <param name="cancellationToken">Cancels the call until the stream is returned.</param>
        /// <returns>The stream; dispose it.</returns>
        public async Task<ChatCompletionStream> StreamChatCompletionAsync(ChatCompletionRequest request, AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
        {
            var asked = Accept(request);
            var sink = call?.Events;
            using var body = _transport.Serialize(request, stream: true);
            return await _transport.ExecuteAsync(HttpMethod.Post, ChatPath, body, requiresKey: true, streaming: true, call, async (response, headers, token) =>
            {
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (mediaType != null && !mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
                {
                    throw new AurikoException(
                        $"Expected a text/event-stream response to a streamed request but got '{mediaType}' (status {(int)response.StatusCode}{Transport.RequestIdPart(headers)}).")
                    {
                        RequestId = headers.RequestId,
                    };
                }

                var content = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                Action<string>? finished = !Transport.Wants(sink, AurikoEventKind.Info)
                    ? null
                    : text => Transport.Emit(sink, new AurikoEvent(AurikoEventKind.Info, text) { RequestId = headers.RequestId });
                return new ChatCompletionStream(new SseChunkReader(response, content, headers, _transport.AttemptTimeout(call), asked, _transport.Secret, finished));
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Gets the identity behind the API key (<c>GET /me</c>).</summary>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The identity.</returns>
        public Task<Identity> GetIdentityAsync(AurikoCallOptions? call = null, CancellationToken cancellationToken = default) =>
            _transport.ExecuteAsync(HttpMethod.Get, "me", null, requiresKey: true, streaming: false, call, (response, headers, token) =>
                _transport.ReadJsonAsync(response, headers, call, (json, raw) =>
                {
                    using var doc = JsonDocument.Parse(json);
                    var identity = ModelReader.ReadIdentity(Unwrap(doc.RootElement));
                    identity.SetResponse(headers, raw);
                    return identity;
                }, token), cancellationToken);

        /// <summary>Lists the workspaces the key can see (<c>GET /workspaces</c>).</summary>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The workspaces.</returns>
        public Task<IReadOnlyList<Workspace>> ListWorkspacesAsync(AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => ListAsync("workspaces", "workspaces", ModelReader.ReadWorkspace, requiresKey: true, call, cancellationToken);

        /// <summary>Gets one workspace (<c>GET /workspaces/{id}</c>).</summary>
        /// <param name="workspaceId">The workspace id.</param>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The workspace.</returns>
        public Task<Workspace> GetWorkspaceAsync(string workspaceId, AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => GetAsync(Transport.Path("workspaces", Id(workspaceId, nameof(workspaceId))), ModelReader.ReadWorkspace, requiresKey: true, call, cancellationToken);

        /// <summary>Lists the budgets of a workspace (<c>GET /workspaces/{id}/budgets</c>).</summary>
        /// <param name="workspaceId">The workspace id.</param>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The budgets.</returns>
        public Task<IReadOnlyList<Budget>> ListBudgetsAsync(string workspaceId, AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => ListAsync(Transport.Path("workspaces", Id(workspaceId, nameof(workspaceId)), "budgets"), "budgets", ModelReader.ReadBudget, requiresKey: true, call, cancellationToken);

        /// <summary>Gets one budget (<c>GET /workspaces/{id}/budgets/{budgetId}</c>).</summary>
        /// <param name="workspaceId">The workspace id.</param>
        /// <param name="budgetId">The budget id.</param>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The budget.</returns>
        public Task<Budget> GetBudgetAsync(string workspaceId, string budgetId, AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => GetAsync(Transport.Path("workspaces", Id(workspaceId, nameof(workspaceId)), "budgets", Id(budgetId, nameof(budgetId))), ModelReader.ReadBudget, requiresKey: true, call, cancellationToken);

        /// <summary>Lists the canonical models (<c>GET /registry/models</c>; no key needed).</summary>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The models.</returns>
        public Task<IReadOnlyList<RegistryModel>> ListRegistryModelsAsync(AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => ListAsync("registry/models", "models", ModelReader.ReadRegistryModel, requiresKey: false, call, cancellationToken);

        /// <summary>Lists the model directory with providers and prices (<c>GET /directory/models</c>; no key needed).</summary>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The models.</returns>
        public Task<IReadOnlyList<DirectoryModel>> ListDirectoryModelsAsync(AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => ListAsync("directory/models", "models", ModelReader.ReadDirectoryModel, requiresKey: false, call, cancellationToken);

        /// <summary>Lists the providers (<c>GET /registry/providers</c>; no key needed).</summary>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The providers.</returns>
        public Task<IReadOnlyList<Provider>> ListProvidersAsync(AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => ListAsync("registry/providers", "providers", ModelReader.ReadProvider, requiresKey: false, call, cancellationToken);

        /// <summary>Releases the client. The pooled <c>HttpClient</c> stays alive for other clients.</summary>
        public void Dispose()
        {
            // Nothing to release: the HttpClient is shared by design (socket reuse across clients and runspaces).
        }

        /// <summary>
        /// Checks a chat request once, on entry, before anything is sent, and keeps what the caller asked for: the
        /// messages (the answer's History starts with them) and the model, models and routing (to continue with).
        /// </summary>
        private static ChatCompletionRequest Accept(ChatCompletionRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            request.Validate();
            return new ChatCompletionRequest
            {
                Model = request.Model,
                Models = request.Models?.ToList(),
                Routing = request.Routing?.Clone(),
                Messages = request.Messages.ToArray(),
            };
        }

        /// <summary>
        /// A non-streamed answer. A 200 whose body is an error is that error (mapped exactly like an HTTP error or a
        /// stream's error event); a 200 without choices is not an answer and says so, never an empty completion.
        /// </summary>
        private ChatCompletion ReadCompletion(ReadOnlyMemory<byte> json, string raw, ResponseHeaders headers, ChatCompletionRequest asked)
        {
            var wire = ChatWireReader.Read(json.Span, streamed: false);
            if (wire.IsError)
            {
                throw ErrorMapper.FromPayload(json.Span, headers, _transport.Secret);
            }

            if (wire.Shape != null || wire.Choices is not { Count: > 0 })
            {
                var what = wire.Shape != null ? $"is {wire.Shape}, not a JSON object with 'choices'" : wire.HasChoices ? "has an empty 'choices' list" : "has no 'choices'";
                throw new AurikoException($"The server's chat completion {what}, so it holds no answer{ResponseHeaders.RequestIdText(headers)}.")
                {
                    RequestId = headers.RequestId,
                    RawBody = Redaction.RawBody(raw, _transport.Secret),
                };
            }

            var completion = wire.ToCompletion();
            completion.ResponseHeaders = headers;
            completion.SetRawJson(raw);
            completion.SetAsked(asked);
            return completion;
        }

        private Task<T> GetAsync<T>(string path, Func<JsonElement, T> read, bool requiresKey, AurikoCallOptions? call, CancellationToken ct) =>
            _transport.ExecuteAsync(HttpMethod.Get, path, null, requiresKey, streaming: false, call, (response, headers, token) =>
                _transport.ReadJsonAsync(response, headers, call, (json, raw) =>
                {
                    using var doc = JsonDocument.Parse(json);
                    return read(Unwrap(doc.RootElement));
                }, token), ct);

        private Task<IReadOnlyList<T>> ListAsync<T>(string path, string plural, Func<JsonElement, T> read, bool requiresKey, AurikoCallOptions? call, CancellationToken ct) =>
            _transport.ExecuteAsync(HttpMethod.Get, path, null, requiresKey, streaming: false, call, (response, headers, token) =>
                _transport.ReadJsonAsync(response, headers, call, (json, raw) =>
                {
                    using var doc = JsonDocument.Parse(json);
                    return ModelReader.ReadList(doc.RootElement, plural, read);
                }, token), ct);

        /// <summary>An object answer may come bare or wrapped as <c>{"data": {...}}</c>.</summary>
        private static JsonElement Unwrap(JsonElement root) =>
            root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("id", out _) && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                ? data
                : root;

        private static string Id(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"{name} must not be empty.", name);
            }

            return value.Trim();
        }
    }
}
