using System.Collections.Generic;
using System.Text;
using Xunit;

namespace Auriko.Tests.Unit
{
    /// <summary>A stream of several answers (<c>n</c>) interleaves the choices' deltas, each in chunks of its own index.</summary>
    public sealed class SeveralAnswersTests
    {
        private static string Delta(int index, string content, string? finish = null) =>
            "{\"id\":\"c1\",\"choices\":[{\"index\":" + index + ",\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":"
            + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";

        private static string Sse(params string[] payloads)
        {
            var sb = new StringBuilder();
            foreach (var p in payloads)
            {
                sb.Append("data: ").Append(p).Append("\n\n");
            }

            return sb.ToString();
        }

        [Fact]
        public void Chunk_text_is_choice_zeros_only_and_the_completion_holds_every_choice()
        {
            using var stream = FakeSseStream.Open(Sse(
                Delta(0, "Red"), Delta(1, "Blue"), Delta(0, " wine", "stop"), Delta(1, " sky", "length"), "[DONE]"));

            var texts = new List<string?>();
            var finishes = new List<string?>();
            while (stream.MoveNext())
            {
                texts.Add(stream.Current.Content);
                finishes.Add(stream.Current.FinishReason);
            }

            Assert.Equal(new[] { "Red", null, " wine", null }, texts);
            Assert.Equal(new[] { null, null, "stop", null }, finishes);
            var final = stream.GetFinalCompletion();
            Assert.Equal(2, final.Choices.Count);
            Assert.Equal("Red wine", final.Content);
            Assert.Equal("Blue sky", final.Choices[1].Message.Content);
            Assert.Equal("length", final.Choices[1].FinishReason);
            Assert.Equal("Red wine", final.History[final.History.Count - 1].Content);
        }

        [Fact]
        public void Choice_zero_is_found_by_index_when_a_chunk_lists_several_choices()
        {
            const string both = "{\"id\":\"c1\",\"choices\":[{\"index\":1,\"delta\":{\"content\":\"B\"}},{\"index\":0,\"delta\":{\"content\":\"A\"}}]}";
            using var stream = FakeSseStream.Open(Sse(both, "[DONE]"));

            Assert.True(stream.MoveNext());
            Assert.Equal("A", stream.Current.Content);
            Assert.Equal("A", stream.Current.ToString());
        }

        [Fact]
        public void Parsed_of_a_completion_is_its_first_choices()
        {
            using var stream = FakeSseStream.Open(Sse(Delta(0, "{}"), Delta(1, "[]"), "[DONE]"));
            while (stream.MoveNext())
            {
            }

            var final = stream.CreateFinalChunk();
            Assert.Null(final.Parsed);
            final.Completion!.Choices[1].Parsed = "second";
            Assert.Null(final.Completion.Parsed);
            final.Completion.Choices[0].Parsed = "first";
            Assert.Equal("first", final.Completion.Parsed);
            Assert.Equal("first", final.Parsed);
        }
    }
}
