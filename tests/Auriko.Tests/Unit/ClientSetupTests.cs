using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using Auriko.Http;
using Xunit;

namespace Auriko.Tests.Unit
{
    public sealed class ClientSetupTests
    {
        private static Func<string, string?> Env(params (string Name, string Value)[] vars)
        {
            var map = vars.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
            return name => map.TryGetValue(name, out var value) ? value : null;
        }

        [Fact]
        public void Environment_proxy_picks_the_proxy_by_scheme_and_honours_no_proxy()
        {
            var proxy = EnvironmentProxy.FromEnvironment(Env(
                ("HTTPS_PROXY", "http://user%40corp:p%3Ass@secure-proxy:8443"),
                ("HTTP_PROXY", "plain-proxy:3128"),
                ("NO_PROXY", "localhost, .internal.example,*.corp.example ,10.0.0.5,api.local:8080")))!;

            Assert.NotNull(proxy);
            Assert.Equal(new Uri("http://secure-proxy:8443"), Strip(proxy.GetProxy(new Uri("https://api.auriko.ai/v1"))));
            Assert.Equal(new Uri("http://plain-proxy:3128/"), proxy.GetProxy(new Uri("http://example.com/")));

            var credential = Assert.IsType<NetworkCredential>(proxy.Credentials);
            Assert.Equal("user@corp", credential.UserName);
            Assert.Equal("p:ss", credential.Password);

            Assert.True(proxy.IsBypassed(new Uri("http://localhost:5000/")));
            Assert.True(proxy.IsBypassed(new Uri("https://a.internal.example/")));
            Assert.True(proxy.IsBypassed(new Uri("https://internal.example/")));
            Assert.True(proxy.IsBypassed(new Uri("https://x.corp.example/")));
            Assert.True(proxy.IsBypassed(new Uri("http://10.0.0.5/")));
            Assert.True(proxy.IsBypassed(new Uri("http://api.local:8080/")));
            Assert.False(proxy.IsBypassed(new Uri("http://api.local:9090/")));
            Assert.False(proxy.IsBypassed(new Uri("https://notinternal.example/")));
            Assert.False(proxy.IsBypassed(new Uri("https://api.auriko.ai/")));
            var bypassed = new Uri("https://a.internal.example/v1");
            Assert.Equal(bypassed, proxy.GetProxy(bypassed));
        }

        [Fact]
        public void Environment_proxy_prefers_lowercase_and_falls_back_to_all_proxy()
        {
            var proxy = EnvironmentProxy.FromEnvironment(Env(("https_proxy", "http://lower:1"), ("HTTPS_PROXY", "http://upper:2"), ("all_proxy", "http://all:3")))!;
            Assert.Equal(new Uri("http://lower:1/"), proxy.GetProxy(new Uri("https://api.auriko.ai/")));
            Assert.Equal(new Uri("http://all:3/"), proxy.GetProxy(new Uri("http://api.auriko.ai/")));
            Assert.Null(proxy.Credentials);
        }

        [Fact]
        public void Only_an_https_proxy_leaves_http_direct_and_no_proxy_star_bypasses_all()
        {
            var proxy = EnvironmentProxy.FromEnvironment(Env(("HTTPS_PROXY", "http://p:1")))!;
            Assert.True(proxy.IsBypassed(new Uri("http://example.com/")));
            Assert.False(proxy.IsBypassed(new Uri("https://example.com/")));

            var all = EnvironmentProxy.FromEnvironment(Env(("HTTP_PROXY", "http://p:1"), ("no_proxy", "*")))!;
            Assert.True(all.IsBypassed(new Uri("http://example.com/")));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("ftp://p:21")]
        [InlineData("http://")]
        public void Missing_or_unusable_proxy_variables_mean_no_environment_proxy(string? value)
        {
            Assert.Null(EnvironmentProxy.FromEnvironment(Env(value is null ? Array.Empty<(string, string)>() : new[] { ("HTTPS_PROXY", value), ("HTTP_PROXY", value) })));
        }

        [Fact]
        public void Modern_tls_is_added_without_removing_anything_and_system_default_is_kept()
        {
#pragma warning disable CS0618, SYSLIB0014, CA5364 // Ssl3 and Tls are obsolete: exactly the old Windows PowerShell default under test.
            var old = SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls;
            var result = HttpClientPool.WithModernTls(old);
            Assert.True(result.HasFlag(SecurityProtocolType.Ssl3));
            Assert.True(result.HasFlag(SecurityProtocolType.Tls));
#pragma warning restore CS0618, SYSLIB0014, CA5364
            Assert.True(result.HasFlag(SecurityProtocolType.Tls12));
            Assert.True(result.HasFlag(SecurityProtocolType.Tls13));
            Assert.Equal(SecurityProtocolType.SystemDefault, HttpClientPool.WithModernTls(SecurityProtocolType.SystemDefault));
        }

        [Fact]
        public void Equal_web_proxies_share_a_key_even_with_fresh_credentials()
        {
            WebProxy Make(string user, string password) => new WebProxy(new Uri("http://proxy.invalid:3128")) { Credentials = new NetworkCredential(user, password) };

            Assert.Equal(ProxyKey.Of(Make("u", "p")), ProxyKey.Of(Make("u", "p")));
            Assert.Equal(ProxyKey.Of(Make("u", "p")).GetHashCode(), ProxyKey.Of(Make("u", "p")).GetHashCode());
            Assert.NotEqual(ProxyKey.Of(Make("u", "p")), ProxyKey.Of(Make("u", "q")));
            Assert.NotEqual(ProxyKey.Of(Make("u", "p")), ProxyKey.Of(Make("v", "p")));
            Assert.NotEqual(ProxyKey.Of(Make("u", "p")), ProxyKey.Of(new WebProxy(new Uri("http://proxy.invalid:3128"))));
            Assert.Equal(ProxyKey.Of(null), ProxyKey.Of(null));

            // Other credential types and proxy types are compared by reference (never by a colliding hash).
            var cache = new CredentialCache();
            var a = new WebProxy(new Uri("http://proxy.invalid:3128")) { Credentials = cache };
            var b = new WebProxy(new Uri("http://proxy.invalid:3128")) { Credentials = cache };
            var c = new WebProxy(new Uri("http://proxy.invalid:3128")) { Credentials = new CredentialCache() };
            Assert.Equal(ProxyKey.Of(a), ProxyKey.Of(b));
            Assert.NotEqual(ProxyKey.Of(a), ProxyKey.Of(c));
            var custom = new FixedProxy();
            Assert.Equal(ProxyKey.Of(custom), ProxyKey.Of(custom));
            Assert.NotEqual(ProxyKey.Of(custom), ProxyKey.Of(new FixedProxy()));
        }

        [Fact]
        public void The_pool_is_bounded()
        {
            var clients = new List<HttpClient>();
            for (var i = 0; i < HttpClientPool.MaxCachedClients + 5; i++)
            {
                clients.Add(HttpClientPool.Get(new FixedProxy()));
            }

            Assert.True(HttpClientPool.CachedCount <= HttpClientPool.MaxCachedClients);
            var same = new WebProxy(new Uri("http://bounded.invalid:1")) { Credentials = new NetworkCredential("u", "p") };
            var again = new WebProxy(new Uri("http://bounded.invalid:1")) { Credentials = new NetworkCredential("u", "p") };
            Assert.NotNull(HttpClientPool.Get(same));
            Assert.NotNull(HttpClientPool.Get(again));
        }

        [Fact]
        public void A_full_pool_still_pools_a_new_configuration()
        {
            for (var i = 0; i < HttpClientPool.MaxCachedClients + 5; i++)
            {
                HttpClientPool.Get(new FixedProxy());
            }

            // One configuration, asked for twice after the pool filled up: one shared HttpClient, not one per call.
            var proxy = new FixedProxy();
            Assert.Same(HttpClientPool.Get(proxy), HttpClientPool.Get(proxy));
            Assert.True(HttpClientPool.CachedCount <= HttpClientPool.MaxCachedClients);
        }

        [Theory]
        [InlineData(11)]
        [InlineData(-1)]
        [InlineData(int.MaxValue)]
        public void MaxRetries_out_of_range_is_rejected_naming_the_option(int retries)
        {
            var ex = Assert.Throws<AurikoException>(() => new AurikoClient(new AurikoClientOptions { ApiKey = new AurikoApiKey("ak_test_0123456789abcdef"), MaxRetries = retries }));
            Assert.Contains("MaxRetries", ex.Message);
            Assert.Contains("10", ex.Message);
        }

        [Fact]
        public void Timeout_must_be_positive_and_at_most_a_day_or_infinite()
        {
            AurikoClientOptions With(TimeSpan timeout) => new AurikoClientOptions { Timeout = timeout };

            Assert.Contains("Timeout", Assert.Throws<AurikoException>(() => With(TimeSpan.FromDays(2)).Validate()).Message);
            Assert.Contains("Timeout", Assert.Throws<AurikoException>(() => With(TimeSpan.Zero).Validate()).Message);
            Assert.Contains("Timeout", Assert.Throws<AurikoException>(() => With(TimeSpan.FromSeconds(-5)).Validate()).Message);
            With(Timeout.InfiniteTimeSpan).Validate();
            With(TimeSpan.FromHours(24)).Validate();
            new AurikoClientOptions { MaxRetries = 10 }.Validate();
            new AurikoClientOptions { MaxRetries = 0 }.Validate();
        }

        [Fact]
        public void Every_public_cancellation_token_parameter_is_named_cancellationToken()
        {
            var offenders = typeof(AurikoClient).Assembly.GetExportedTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Cast<MethodBase>()
                    .Concat(t.GetConstructors()))
                .SelectMany(m => m.GetParameters().Where(p => p.ParameterType == typeof(CancellationToken) && p.Name != "cancellationToken")
                    .Select(p => $"{m.DeclaringType!.Name}.{m.Name}({p.Name})"))
                .ToList();
            Assert.Empty(offenders);
        }

        [Fact]
        public void Completion_routing_strategy_prefers_the_header_then_the_metadata()
        {
            var json = System.Text.Encoding.UTF8.GetBytes("{\"id\":\"c\",\"choices\":[],\"routing_metadata\":{\"provider\":\"openai\",\"routing_strategy\":\"cost\"}}");
            var completion = Auriko.Json.ChatWireReader.Read(json, streamed: false).ToCompletion();
            Assert.Equal("cost", completion.RoutingStrategy);

            completion.ResponseHeaders = ErrorMappingTests.Headers(("x-routing-strategy", "speed"));
            Assert.Equal("speed", completion.RoutingStrategy);
        }

        private static Uri Strip(Uri? uri) => new Uri(uri!.GetLeftPart(UriPartial.Authority));

        private sealed class FixedProxy : IWebProxy
        {
            public ICredentials? Credentials { get; set; }

            public Uri? GetProxy(Uri destination) => destination;

            public bool IsBypassed(Uri host) => true;
        }
    }
}
