using System;
using System.Text.Json;

namespace Auriko.Json
{
    /// <summary>
    /// Reads JSON text into the plain .NET graph the rest of the client writes (<see cref="RequestWriter.WriteValue"/>):
    /// <c>Dictionary&lt;string, object?&gt;</c> in document order, <c>List&lt;object?&gt;</c>, string, long, double, bool and null.
    /// The PowerShell layer parses answers and schemas through this, so System.Text.Json stays inside this assembly.
    /// </summary>
    internal static class PlainJson
    {
        private static readonly JsonDocumentOptions DocumentOptions = new JsonDocumentOptions
        {
            // Answers are model output: a trailing comma or a comment is not JSON, and the caller wants to know.
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = 64,
        };

        /// <summary>Parses <paramref name="text"/>; on failure says why (with line and position) instead of throwing.</summary>
        /// <param name="text">The JSON text.</param>
        /// <param name="value">The parsed graph, or null.</param>
        /// <param name="error">Why the text is not JSON, or null.</param>
        /// <returns>True when the text is one complete JSON value.</returns>
        public static bool TryParse(string? text, out object? value, out string? error)
        {
            value = null;
            if (text is null || string.IsNullOrWhiteSpace(text))
            {
                error = "the text is empty";
                return false;
            }

            try
            {
                using var document = JsonDocument.Parse(text, DocumentOptions);
                value = JsonValues.ToPlain(document.RootElement);
                error = null;
                return true;
            }
            catch (Exception ex) when (ex is JsonException || ex is ArgumentException) // ArgumentException: text with a lone UTF-16 half
            {
                // JsonException's message names the line and byte position, which helps find the break in a long answer.
                error = ex.Message;
                return false;
            }
        }
    }
}
