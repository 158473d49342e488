using System.Text.Json;

namespace Auriko.Json
{
    /// <summary>
    /// Writes the items of the models' lists in the API's wire form (snake_case names, null fields left out), for the
    /// text of <see cref="JsonTextList{T}"/>. Messages use the request writer's form, which is also what a request sends.
    /// </summary>
    internal static class ModelWriter
    {
        /// <summary>Longer <c>data:</c> URLs (inline images) are shortened in the text, so a CSV cell stays readable.</summary>
        private const int MaxDataUrlChars = 64;

        /// <summary>
        /// A message as the request sends it, except that inline image data (a <c>data:</c> URL, often megabytes of
        /// base64) shows as its media type and size: the text is for reading and CSV cells, not for sending.
        /// </summary>
        public static void WriteMessage(Utf8JsonWriter w, ChatMessage message)
        {
            if (message.Content is null || message.Content is string)
            {
                RequestWriter.WriteMessage(w, message, "message");
                return;
            }

            using var buffer = new Http.PooledBuffer();
            using (var inner = new Utf8JsonWriter(buffer))
            {
                RequestWriter.WriteMessage(inner, message, "message");
            }

            using var document = JsonDocument.Parse(buffer.Memory);
            WriteShortened(w, document.RootElement);
        }

        private static void WriteShortened(Utf8JsonWriter w, JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    w.WriteStartObject();
                    foreach (var property in value.EnumerateObject())
                    {
                        w.WritePropertyName(property.Name);
                        WriteShortened(w, property.Value);
                    }

                    w.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    w.WriteStartArray();
                    foreach (var item in value.EnumerateArray())
                    {
                        WriteShortened(w, item);
                    }

                    w.WriteEndArray();
                    break;
                case JsonValueKind.String when value.StringOrRaw() is { Length: > MaxDataUrlChars } text && text.StartsWith("data:", System.StringComparison.Ordinal):
                    var comma = text.IndexOf(',');
                    var head = comma > 0 ? text.Substring(0, comma + 1) : text.Substring(0, MaxDataUrlChars);
                    var bytes = comma > 0 ? (text.Length - comma - 1) * 3 / 4 : text.Length;
                    w.WriteStringValue(head + "\u2026 (" + (bytes >= 1024 ? (bytes / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) + " KB" : bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes") + ")");
                    break;
                default:
                    value.WriteTo(w);
                    break;
            }
        }

        public static void WriteChoice(Utf8JsonWriter w, ChatChoice choice)
        {
            w.WriteStartObject();
            w.WriteNumber("index", choice.Index);
            w.WritePropertyName("message");
            WriteMessage(w, choice.Message);
            WriteOptional(w, "finish_reason", choice.FinishReason);
            w.WriteEndObject();
        }

        public static void WriteChunkChoice(Utf8JsonWriter w, ChatChunkChoice choice)
        {
            w.WriteStartObject();
            w.WriteNumber("index", choice.Index);
            w.WritePropertyName("delta");
            w.WriteStartObject();
            WriteOptional(w, "role", choice.Role);
            WriteOptional(w, "content", choice.Content);
            WriteOptional(w, "reasoning_content", choice.ReasoningContent);
            if (choice.ToolCalls.Count > 0)
            {
                w.WritePropertyName("tool_calls");
                w.WriteStartArray();
                foreach (var delta in choice.ToolCalls)
                {
                    WriteToolCallDelta(w, delta);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            WriteOptional(w, "finish_reason", choice.FinishReason);
            w.WriteEndObject();
        }

        public static void WriteToolCall(Utf8JsonWriter w, ToolCall call)
        {
            w.WriteStartObject();
            WriteOptional(w, "id", call.Id);
            w.WriteString("type", call.Type ?? "function");
            w.WritePropertyName("function");
            w.WriteStartObject();
            WriteOptional(w, "name", call.FunctionName);
            w.WriteString("arguments", call.Arguments ?? "{}");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        public static void WriteToolCallDelta(Utf8JsonWriter w, ToolCallDelta delta)
        {
            w.WriteStartObject();
            w.WriteNumber("index", delta.Index);
            WriteOptional(w, "id", delta.Id);
            WriteOptional(w, "type", delta.Type);
            if (delta.FunctionName != null || delta.Arguments != null)
            {
                w.WritePropertyName("function");
                w.WriteStartObject();
                WriteOptional(w, "name", delta.FunctionName);
                WriteOptional(w, "arguments", delta.Arguments);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        public static void WriteWarning(Utf8JsonWriter w, RoutingWarning warning)
        {
            w.WriteStartObject();
            WriteOptional(w, "code", warning.Code);
            w.WriteString("message", warning.Message);
            WriteOptional(w, "param", warning.Param);
            w.WriteEndObject();
        }

        public static void WriteDirectoryProvider(Utf8JsonWriter w, DirectoryModelProvider offer)
        {
            w.WriteStartObject();
            WriteOptional(w, "provider", offer.Provider);
            WriteOptional(w, "provider_model_id", offer.ProviderModelId);
            WriteOptional(w, "data_policy", offer.DataPolicy);
            WriteOptional(w, "context_window", offer.ContextWindow);
            WriteOptional(w, "max_output_tokens", offer.MaxOutputTokens);
            if (offer.Capabilities.Count > 0)
            {
                w.WritePropertyName("capabilities");
                w.WriteStartArray();
                foreach (var capability in offer.Capabilities)
                {
                    w.WriteStringValue(capability);
                }

                w.WriteEndArray();
            }

            WriteOptional(w, "input_per_1m", offer.InputPricePer1M);
            WriteOptional(w, "output_per_1m", offer.OutputPricePer1M);
            WriteOptional(w, "cached_input_per_1m", offer.CachedInputPricePer1M);
            w.WriteEndObject();
        }

        public static void WriteString(Utf8JsonWriter w, string value) => w.WriteStringValue(value);

        private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
        {
            if (value != null)
            {
                w.WriteString(name, value);
            }
        }

        private static void WriteOptional(Utf8JsonWriter w, string name, int? value)
        {
            if (value is int n)
            {
                w.WriteNumber(name, n);
            }
        }

        private static void WriteOptional(Utf8JsonWriter w, string name, double? value)
        {
            // JSON has no NaN or infinity; such a price is left out rather than written as invalid JSON.
            if (value is double d && !double.IsNaN(d) && !double.IsInfinity(d))
            {
                w.WriteNumber(name, d);
            }
        }
    }
}
