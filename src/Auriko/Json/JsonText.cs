using System;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Auriko.Json
{
    /// <summary>
    /// JSON text to and from plain .NET graphs for callers that must not touch System.Text.Json types
    /// themselves (the PowerShell layer: tool-call arguments in, saved conversations out).
    /// </summary>
    internal static class JsonText
    {
        private static readonly JsonWriterOptions IndentedOptions = new JsonWriterOptions
        {
            // A file a person reads: indented, and non-ASCII text left as it is.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = true,
        };

        /// <summary>
        /// Parses JSON text into plain values: Dictionary&lt;string, object?&gt;, List&lt;object?&gt;, string,
        /// long or double, bool and null.
        /// </summary>
        /// <param name="json">The text.</param>
        /// <param name="value">The parsed value.</param>
        /// <param name="error">Why the text is not JSON, when it is not.</param>
        /// <returns>Whether the text is one complete JSON value.</returns>
        public static bool TryParse(string json, out object? value, out string? error)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                value = JsonValues.ToPlain(document.RootElement);
                error = null;
                return true;
            }
            catch (Exception ex) when (ex is JsonException || ex is ArgumentException) // ArgumentException: text with a lone UTF-16 half
            {
                value = null;
                error = ex.Message;
                return false;
            }
        }

        /// <summary>A plain graph as indented JSON text, by the rules of a request body (see <see cref="RequestWriter.WriteValue"/>).</summary>
        /// <param name="value">The graph.</param>
        /// <param name="path">The name of the value in error messages.</param>
        /// <returns>The text.</returns>
        public static string ToIndentedText(object? value, string path)
        {
            using var buffer = new Http.PooledBuffer();
            using (var w = new Utf8JsonWriter(buffer, IndentedOptions))
            {
                RequestWriter.WriteValue(w, value, path, 0);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.Array, 0, buffer.Length);
        }
    }
}
