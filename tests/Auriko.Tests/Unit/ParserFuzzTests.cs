using System;
using System.Text;
using System.Text.Json;
using Auriko.Json;
using Auriko.Streaming;
using Xunit;

namespace Auriko.Tests.Unit
{
    /// <summary>Seeded, bounded mutation of valid payloads: the parsers may only ever fail with our typed exceptions.</summary>
    public sealed class ParserFuzzTests
    {
        private const string Chunk = "{\"id\":\"c1\",\"model\":\"m\",\"created\":1767225600,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\",\"reasoning_content\":\"r\",\"tool_calls\":[{\"index\":0,\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":0}},\"routing_metadata\":{\"provider\":\"p\",\"cost\":{\"usd\":0.1},\"warnings\":[\"w\",{\"code\":\"c\",\"message\":\"m\"}]}}";

        private static byte[] Mutate(Random random, byte[] input)
        {
            var bytes = (byte[])input.Clone();
            var edits = random.Next(1, 6);
            for (var i = 0; i < edits; i++)
            {
                var at = random.Next(bytes.Length);
                switch (random.Next(4))
                {
                    case 0:
                        bytes[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        const string structural = "{}[]\",:0-e.";
                        bytes[at] = (byte)structural[random.Next(structural.Length)];
                        break;
                    case 2:
                        Array.Resize(ref bytes, Math.Max(1, at));
                        break;
                    default:
                        var tokens = new[] { "null", "true", "1e999", "-0", "[]", "{}", "\"\\ud800\"", "\"x\"" };
                        var token = Encoding.UTF8.GetBytes(tokens[random.Next(tokens.Length)]);
                        var merged = new byte[bytes.Length + token.Length];
                        Buffer.BlockCopy(bytes, 0, merged, 0, at);
                        Buffer.BlockCopy(token, 0, merged, at, token.Length);
                        Buffer.BlockCopy(bytes, at, merged, at + token.Length, bytes.Length - at);
                        bytes = merged;
                        break;
                }
            }

            return bytes;
        }

        [Fact]
        public void Chunk_parser_never_throws_and_fails_only_with_typed_errors()
        {
            var random = new Random(20260520);
            var seed = Encoding.UTF8.GetBytes(Chunk);
            for (var i = 0; i < 20_000; i++)
            {
                var result = ChunkParser.Parse(Mutate(random, seed), ResponseHeaders.Empty, null);
                if (result.Error != null)
                {
                    Assert.IsAssignableFrom<AurikoException>(result.Error);
                }
            }
        }

        [Fact]
        public void Body_mapping_never_throws_untyped_errors_on_valid_json()
        {
            var random = new Random(7);
            var seed = Encoding.UTF8.GetBytes("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\",\"tool_calls\":[{\"id\":\"t\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"}]," + Chunk.Substring(Chunk.IndexOf("\"usage\"", StringComparison.Ordinal)));
            var parsed = 0;
            for (var i = 0; i < 20_000; i++)
            {
                JsonDocument doc;
                try
                {
                    doc = JsonDocument.Parse(Mutate(random, seed));
                }
                catch (JsonException)
                {
                    continue; // The transport turns this into AurikoException; covered elsewhere.
                }

                using (doc)
                {
                    parsed++;
                    try
                    {
                        ModelReader.ReadChatCompletion(doc.RootElement);
                    }
                    catch (InvalidOperationException)
                    {
                        // Invalid UTF-16 surrogates in strings: the transport maps this to AurikoException.
                    }
                }
            }

            Assert.True(parsed > 100, $"{parsed} valid documents");
        }
    }
}
