using System.Collections.Generic;
using Auriko.Json;

namespace Auriko.Streaming
{
    /// <summary>
    /// Joins a character whose UTF-16 halves arrived in two chunks (see <see cref="WireText"/>): a high half that ends
    /// a chunk's text is held back and put in front of the same choice's next text, so every chunk a consumer sees is
    /// valid text and the final answer holds the character. Any half that cannot be joined becomes U+FFFD.
    /// </summary>
    internal sealed class SurrogateJoiner
    {
        // Key: choice index * 2, + 1 for reasoning. Almost always empty; allocated on the first split.
        private Dictionary<int, char>? _pending;

        public void Apply(ChatCompletionChunk chunk)
        {
            var choices = chunk.Choices;
            for (var i = 0; i < choices.Count; i++)
            {
                var choice = choices[i];
                choice.Content = Join(choice.Index * 2, choice.Content);
                choice.ReasoningContent = Join((choice.Index * 2) + 1, choice.ReasoningContent);
            }
        }

        /// <summary>The halves still held when the stream ended: (choice index, is reasoning).</summary>
        public IEnumerable<(int Index, bool Reasoning)> Unjoined()
        {
            if (_pending is null)
            {
                yield break;
            }

            foreach (var key in _pending.Keys)
            {
                yield return (key / 2, key % 2 == 1);
            }
        }

        private string? Join(int key, string? text)
        {
            if (string.IsNullOrEmpty(text) || (_pending is null && !WireText.HasSurrogate(text)))
            {
                return text;
            }

            if (_pending != null && _pending.TryGetValue(key, out var high))
            {
                _pending.Remove(key);
                text = high + text;
            }

            var last = text![text.Length - 1];
            if (char.IsHighSurrogate(last))
            {
                (_pending ??= new Dictionary<int, char>())[key] = last;
                text = text.Substring(0, text.Length - 1);
            }

            return WireText.ReplaceLoneHalves(text);
        }
    }
}
