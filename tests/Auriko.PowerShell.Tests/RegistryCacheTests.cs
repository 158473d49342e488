using System;
using System.Linq;
using System.Threading.Tasks;
using Auriko.PowerShell.Arguments;
using Auriko.TestServer;
using Xunit;

namespace Auriko.PowerShell.Tests
{
    /// <summary>
    /// The tab-completion cache against the loopback emulator, with a fake clock: lifetimes are
    /// stepped over instead of slept through. The cache's settings are process-wide, so every test
    /// that touches them lives in this one class (xunit runs a class's tests one at a time) and
    /// puts them back afterwards. Each test has its own emulator, so its own cache entry.
    /// </summary>
    public sealed class RegistryCacheTests : IDisposable
    {
        private const string RegistryPath = "/v1/registry/models";
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

        private readonly TimeSpan _lifetime = RegistryCache.Lifetime;
        private readonly TimeSpan _failureLifetime = RegistryCache.FailureLifetime;
        private readonly TimeSpan _fetchTimeout = RegistryCache.FetchTimeout;
        private readonly TimeSpan _tabWait = RegistryCache.TabWait;
        private readonly Func<DateTime> _clock = RegistryCache.UtcNow;
        private DateTime _now = new DateTime(2026, 5, 18, 12, 0, 0, DateTimeKind.Utc);

        public RegistryCacheTests()
        {
            RegistryCache.UtcNow = () => _now;
            // A Tab waits for the fetch to finish, unless a test is about that wait.
            RegistryCache.TabWait = Patience;
        }

        public void Dispose()
        {
            RegistryCache.Lifetime = _lifetime;
            RegistryCache.FailureLifetime = _failureLifetime;
            RegistryCache.FetchTimeout = _fetchTimeout;
            RegistryCache.TabWait = _tabWait;
            RegistryCache.UtcNow = _clock;
        }

        private static AurikoSession SessionFor(EmulatorHost server) =>
            new AurikoSession(new AurikoClient(new AurikoClientOptions { BaseUrl = server.BaseUrl, ApiKey = null, MaxRetries = 0 }), null, null, "test", null);

        private static int Fetches(EmulatorHost server) => server.Requests.Count(r => r.Path == RegistryPath);

        private static async Task WaitForFetchesAsync(EmulatorHost server, int count)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (Fetches(server) < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }

        [Fact]
        public async Task Names_are_fetched_once_and_reused_until_their_lifetime_passes()
        {
            await using var server = await EmulatorHost.StartAsync();
            var session = SessionFor(server);
            var expected = (await session.Client.ListRegistryModelsAsync()).Select(m => m.Id).OrderBy(id => id, StringComparer.OrdinalIgnoreCase).ToArray();
            server.Reset();

            Assert.Equal(expected, RegistryCache.ModelNames(session));
            Assert.Equal(expected, RegistryCache.ModelNames(session));
            _now += RegistryCache.Lifetime - TimeSpan.FromSeconds(1);
            Assert.Equal(expected, RegistryCache.ModelNames(session));
            Assert.Equal(1, Fetches(server));

            _now += TimeSpan.FromSeconds(2);
            Assert.Equal(expected, RegistryCache.ModelNames(session));
            Assert.Equal(2, Fetches(server));
        }

        [Fact]
        public async Task After_a_failure_the_previous_names_stay_and_the_registry_is_left_alone_for_the_failure_lifetime()
        {
            await using var server = await EmulatorHost.StartAsync();
            var session = SessionFor(server);
            var names = RegistryCache.ModelNames(session);
            Assert.NotEmpty(names);

            _now += RegistryCache.Lifetime + TimeSpan.FromSeconds(1);
            server.Enqueue(new Scenario(ScenarioKinds.Error) { Path = RegistryPath, Status = 500 });
            Assert.Equal(names, RegistryCache.ModelNames(session));
            Assert.Equal(2, Fetches(server));

            _now += RegistryCache.FailureLifetime - TimeSpan.FromSeconds(1);
            Assert.Equal(names, RegistryCache.ModelNames(session));
            Assert.Equal(2, Fetches(server));

            _now += TimeSpan.FromSeconds(2);
            Assert.Equal(names, RegistryCache.ModelNames(session));
            Assert.Equal(3, Fetches(server));
        }

        [Fact]
        public async Task A_registry_that_never_answers_costs_one_fetch_timeout_then_counts_as_failed()
        {
            await using var server = await EmulatorHost.StartAsync();
            var session = SessionFor(server);
            RegistryCache.FetchTimeout = TimeSpan.FromMilliseconds(200);
            server.Enqueue(new Scenario(ScenarioKinds.Hang) { Path = RegistryPath, Times = -1 });

            Assert.Empty(RegistryCache.ModelNames(session));
            Assert.Empty(RegistryCache.ModelNames(session));
            Assert.Equal(1, Fetches(server));

            _now += RegistryCache.FailureLifetime + TimeSpan.FromSeconds(1);
            Assert.Empty(RegistryCache.ModelNames(session));
            Assert.Equal(2, Fetches(server));
        }

        [Fact]
        public async Task A_Tab_waits_only_briefly_and_the_next_Tab_joins_the_fetch_still_running()
        {
            await using var server = await EmulatorHost.StartAsync();
            var session = SessionFor(server);
            RegistryCache.TabWait = TimeSpan.FromMilliseconds(50);
            RegistryCache.FetchTimeout = Patience;
            server.Enqueue(new Scenario(ScenarioKinds.Hang) { Path = RegistryPath, Times = -1 });

            Assert.Empty(RegistryCache.ModelNames(session));
            await WaitForFetchesAsync(server, 1);
            Assert.Empty(RegistryCache.ModelNames(session));

            Assert.Equal(1, Fetches(server));
            Assert.Equal(1, server.ActiveConnections);
        }

        [Fact]
        public async Task Names_a_cmdlet_already_fetched_are_used_without_a_request()
        {
            await using var server = await EmulatorHost.StartAsync();
            var session = SessionFor(server);

            RegistryCache.RememberProviders(session, new[] { "openai", "anthropic", "", "OpenAI" });

            Assert.Equal(new[] { "anthropic", "openai" }, RegistryCache.ProviderNames(session));
            Assert.Equal(0, server.RequestCount);
        }
    }
}
