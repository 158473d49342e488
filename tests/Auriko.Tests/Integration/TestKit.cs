using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Auriko.TestServer;

namespace Auriko.Tests.Integration
{
    /// <summary>Shared set-up: a client aimed at an emulator with short timeouts, requests, an event recorder.</summary>
    internal static class TestKit
    {
        /// <summary>A unique key, so finding it anywhere in output is unambiguous.</summary>
        public const string Key = "ak_test_SECRET_d41d8cd98f00b204e9800998ecf8427e";

        public static AurikoClient Client(EmulatorHost server, Action<AurikoClientOptions>? configure = null)
        {
            var options = new AurikoClientOptions
            {
                ApiKey = Key,
                BaseUrl = server.BaseUrl,
                Timeout = TimeSpan.FromSeconds(5),
                MaxRetries = 2,
                UserAgentProduct = "Auriko.Tests/1.0",
            };
            configure?.Invoke(options);
            return new AurikoClient(options);
        }

        public static ChatCompletionRequest Chat(string text = "Hello", Dictionary<string, object?>? emulator = null) => new ChatCompletionRequest
        {
            Model = "gpt-4o",
            Messages = { ChatMessage.User(text) },
            ExtraBody = emulator is null ? null : new Dictionary<string, object?> { ["emulator"] = emulator },
        };

        public static Scenario ChatScenario(string kind) => new Scenario(kind) { Path = "/v1/chat/completions" };
    }

    internal sealed class RecordingSink : IAurikoEventSink
    {
        private readonly ConcurrentQueue<AurikoEvent> _events = new ConcurrentQueue<AurikoEvent>();

        public IReadOnlyList<AurikoEvent> Events => _events.ToArray();

        public AurikoCallOptions Call => new AurikoCallOptions { Events = this };

        public void OnEvent(AurikoEvent e) => _events.Enqueue(e);

        public IReadOnlyList<AurikoEvent> Of(AurikoEventKind kind) => Events.Where(e => e.Kind == kind).ToList();
    }
}
