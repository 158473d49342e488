using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Auriko
{
    /// <summary>
    /// The Auriko API client. Thread-safe; cheap to create, because every client with the same proxy
    /// settings shares one pooled <c>HttpClient</c>.
    /// </summary>
    public sealed class AurikoClient : IDisposable
    {
        private readonly Http.Transport _transport;
        private readonly AurikoClientOptions _options;

        /// <summary>Creates a client.</summary>
        /// <param name="options">Settings; copied and validated. Null reads the environment (<c>AURIKO_API_KEY</c>, <c>AURIKO_BASE_URL</c>).</param>
        /// <exception cref="AurikoException">A setting is unusable.</exception>
        public AurikoClient(AurikoClientOptions? options = null)
        {
            _options = (options ?? new AurikoClientOptions()).Clone();
            _options.Validate();
            _transport = new Http.Transport(_options.Clone());
        }

        /// <summary>A copy of the client's settings.</summary>
        public AurikoClientOptions Options => _options.Clone();

        /// <summary>Creates a chat completion (<c>POST /chat/completions</c>).</summary>
        /// <param name="request">The request; validated before anything is sent.</param>
        /// <param name="call">Per-call options (diagnostic events).</param>
        /// <param name="cancellationToken">Cancels the call, including backoff waits.</param>
        /// <returns>The completion, with History = request messages + reply.</returns>
        public Task<ChatCompletion> CreateChatCompletionAsync(ChatCompletionRequest request, AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => _transport.CreateChatCompletionAsync(request, call, cancellationToken);

        /// <summary>Starts a streamed chat completion; returns once the response headers arrived (retries happen before).</summary>
        /// <param name="request">The request; validated before anything is sent.</param>
        /// <param name="call">Per-call options (diagnostic events).</param>
        /// <param name="cancellationToken">Cancels the call until the stream is returned.</param>
        /// <returns>The stream; dispose it.</returns>
        public Task<ChatCompletionStream> StreamChatCompletionAsync(ChatCompletionRequest request, AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => _transport.StreamChatCompletionAsync(request, call, cancellationToken);

        /// <summary>Gets the identity behind the API key (<c>GET /me</c>).</summary>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The identity.</returns>
        public Task<Identity> GetIdentityAsync(AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => _transport.GetIdentityAsync(call, cancellationToken);

        /// <summary>Lists the workspaces the key can see (<c>GET /workspaces</c>).</summary>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The workspaces.</returns>
        public Task<IReadOnlyList<Workspace>> ListWorkspacesAsync(AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => _transport.ListAsync("workspaces", "workspaces", Json.ModelReader.ReadWorkspace, requiresKey: true, call, cancellationToken);

        /// <summary>Gets one workspace (<c>GET /workspaces/{id}</c>).</summary>
        /// <param name="workspaceId">The workspace id.</param>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The workspace.</returns>
        public Task<Workspace> GetWorkspaceAsync(string workspaceId, AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => _transport.GetAsync(Http.Transport.Path("workspaces", Id(workspaceId, nameof(workspaceId))), Json.ModelReader.ReadWorkspace, requiresKey: true, call, cancellationToken);

        /// <summary>Lists the budgets of a workspace (<c>GET /workspaces/{id}/budgets</c>).</summary>
        /// <param name="workspaceId">The workspace id.</param>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The budgets.</returns>
        public Task<IReadOnlyList<Budget>> ListBudgetsAsync(string workspaceId, AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => _transport.ListAsync(Http.Transport.Path("workspaces", Id(workspaceId, nameof(workspaceId)), "budgets"), "budgets", Json.ModelReader.ReadBudget, requiresKey: true, call, cancellationToken);

        /// <summary>Gets one budget (<c>GET /workspaces/{id}/budgets/{budgetId}</c>).</summary>
        /// <param name="workspaceId">The workspace id.</param>
        /// <param name="budgetId">The budget id.</param>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The budget.</returns>
        public Task<Budget> GetBudgetAsync(string workspaceId, string budgetId, AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => _transport.GetAsync(Http.Transport.Path("workspaces", Id(workspaceId, nameof(workspaceId)), "budgets", Id(budgetId, nameof(budgetId))), Json.ModelReader.ReadBudget, requiresKey: true, call, cancellationToken);

        /// <summary>Lists the canonical models (<c>GET /registry/models</c>; no key needed).</summary>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The models.</returns>
        public Task<IReadOnlyList<RegistryModel>> ListRegistryModelsAsync(AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => _transport.ListAsync("registry/models", "models", Json.ModelReader.ReadRegistryModel, requiresKey: false, call, cancellationToken);

        /// <summary>Lists the model directory with providers and prices (<c>GET /directory/models</c>; no key needed).</summary>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The models.</returns>
        public Task<IReadOnlyList<DirectoryModel>> ListDirectoryModelsAsync(AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => _transport.ListAsync("directory/models", "models", Json.ModelReader.ReadDirectoryModel, requiresKey: false, call, cancellationToken);

        /// <summary>Lists the providers (<c>GET /registry/providers</c>; no key needed).</summary>
        /// <param name="call">Per-call options.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The providers.</returns>
        public Task<IReadOnlyList<Provider>> ListProvidersAsync(AurikoCallOptions? call = null, CancellationToken cancellationToken = default)
            => _transport.ListAsync("registry/providers", "providers", Json.ModelReader.ReadProvider, requiresKey: false, call, cancellationToken);

        /// <summary>Releases the client. The pooled <c>HttpClient</c> stays alive for other clients.</summary>
        public void Dispose()
        {
            // Nothing to release: the HttpClient is shared by design (socket reuse across clients and runspaces).
        }

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
