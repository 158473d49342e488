using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Auriko.Json
{
    /// <summary>
    /// A read-only list whose text form is its items as a JSON array, in the API's wire form (empty text when it has
    /// no items). Every list property of the models holds one, so wherever a list becomes text (an <c>Export-Csv</c>
    /// cell, a log line, <c>ToString()</c>) it shows its data instead of a .NET type name such as
    /// <c>System.Collections.Generic.List`1[Auriko.ChatChoice]</c>. Enumeration, indexing and Count are unchanged.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    internal sealed class JsonTextList<T> : ReadOnlyCollection<T>
    {
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            // Text for people and spreadsheets: keep non-ASCII characters readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        private readonly Action<Utf8JsonWriter, T> _writeItem;

        internal JsonTextList(IList<T> items, Action<Utf8JsonWriter, T> writeItem)
            : base(items)
        {
            _writeItem = writeItem;
        }

        /// <summary>The items as a compact JSON array, or an empty string when there are none.</summary>
        public override string ToString()
        {
            if (Count == 0)
            {
                return string.Empty;
            }

            try
            {
                using var buffer = new Http.PooledBuffer();
                using (var w = new Utf8JsonWriter(buffer, WriterOptions))
                {
                    w.WriteStartArray();
                    foreach (var item in this)
                    {
                        _writeItem(w, item);
                    }

                    w.WriteEndArray();
                }

                return System.Text.Encoding.UTF8.GetString(buffer.Array, 0, buffer.Length);
            }
            catch (Exception ex) when (ex is AurikoException || ex is InvalidOperationException || ex is ArgumentException)
            {
                // A value JSON cannot hold (a message content of an unsupported type set by hand): the items' own text
                // still beats a type name, and ToString must never throw (Export-Csv calls it for every cell).
                return string.Join("; ", this);
            }
        }
    }

    /// <summary>Creates <see cref="JsonTextList{T}"/> instances for the model properties.</summary>
    internal static class JsonTextList
    {
        /// <summary>
        /// <paramref name="items"/> as a list that renders as JSON text (the same instance when it already is one);
        /// an empty list for null.
        /// </summary>
        internal static IReadOnlyList<T> Of<T>(IReadOnlyList<T>? items, Action<Utf8JsonWriter, T> writeItem)
        {
            if (items is JsonTextList<T> ready)
            {
                return ready;
            }

            IList<T> list = items is IList<T> indexable ? indexable : new List<T>(items ?? Array.Empty<T>());
            return new JsonTextList<T>(list, writeItem);
        }

        /// <summary>An empty list whose text is empty (for defaults shared by every instance).</summary>
        internal static IReadOnlyList<T> Empty<T>(Action<Utf8JsonWriter, T> writeItem) => new JsonTextList<T>(Array.Empty<T>(), writeItem);
    }
}
