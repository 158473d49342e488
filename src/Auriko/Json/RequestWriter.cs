using System;
using System.Buffers;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Auriko.Json
{
    /// <summary>Writes a <see cref="ChatCompletionRequest"/> as JSON straight into a buffer (no intermediate strings or DOM).</summary>
    internal static class RequestWriter
    {
        /// <summary>Free-form graphs deeper than this are almost certainly cycles.</summary>
        private const int MaxDepth = 64;

        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            // The body goes to an API, not into HTML: keep non-ASCII text readable and compact.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        };

        public static void Write(ChatCompletionRequest request, RequestShape shape, bool stream, IBufferWriter<byte> output)
        {
            // Collisions are checked first so a bad ExtraBody fails before anything is written.
            CheckExtraBody(request, shape, stream);

            using var w = new Utf8JsonWriter(output, WriterOptions);
            w.WriteStartObject();
            if (request.Model != null)
            {
                w.WriteString("model", request.Model);
            }

            var gateway = shape == RequestShape.Gateway;
            if (!gateway && request.Models is { Count: > 0 })
            {
                WriteStrings(w, "models", request.Models);
            }

            w.WritePropertyName("messages");
            w.WriteStartArray();
            for (var i = 0; i < request.Messages.Count; i++)
            {
                WriteMessage(w, request.Messages[i], "messages[" + i.ToString(CultureInfo.InvariantCulture) + "]");
            }

            w.WriteEndArray();

            if (!gateway)
            {
                if (request.Routing != null)
                {
                    w.WritePropertyName("routing");
                    WriteRouting(w, request.Routing);
                }

                if (request.AurikoMetadata != null)
                {
                    w.WritePropertyName("auriko_metadata");
                    WriteValue(w, request.AurikoMetadata, "auriko_metadata", 0);
                }
            }
            else if (request.Routing != null || request.Models is { Count: > 0 } || request.AurikoMetadata != null)
            {
                w.WritePropertyName("gateway");
                w.WriteStartObject();
                if (request.Models is { Count: > 0 })
                {
                    WriteStrings(w, "models", request.Models);
                }

                if (request.Routing != null)
                {
                    w.WritePropertyName("routing");
                    WriteRouting(w, request.Routing);
                }

                if (request.AurikoMetadata != null)
                {
                    w.WritePropertyName("metadata");
                    WriteValue(w, request.AurikoMetadata, "auriko_metadata", 0);
                }

                w.WriteEndObject();
            }

            if (request.Extensions != null)
            {
                w.WritePropertyName("extensions");
                WriteValue(w, request.Extensions, "extensions", 0);
            }

            if (request.Tools != null)
            {
                w.WritePropertyName("tools");
                WriteValue(w, request.Tools, "tools", 0);
            }

            if (request.ToolChoice != null)
            {
                w.WritePropertyName("tool_choice");
                WriteValue(w, request.ToolChoice, "tool_choice", 0);
            }

            WriteNumber(w, "temperature", request.Temperature);
            WriteNumber(w, "top_p", request.TopP);
            WriteNumber(w, "presence_penalty", request.PresencePenalty);
            WriteNumber(w, "frequency_penalty", request.FrequencyPenalty);
            WriteNumber(w, "max_tokens", request.MaxTokens);
            WriteNumber(w, "max_completion_tokens", request.MaxCompletionTokens);
            WriteNumber(w, "n", request.N);
            WriteNumber(w, "seed", request.Seed);
            if (request.Stop != null)
            {
                w.WritePropertyName("stop");
                WriteValue(w, request.Stop, "stop", 0);
            }

            if (request.ResponseFormat != null)
            {
                w.WritePropertyName("response_format");
                if (request.ResponseFormat is string format)
                {
                    // The friendly spelling "json_object" means {"type":"json_object"} on the wire.
                    w.WriteStartObject();
                    w.WriteString("type", format);
                    w.WriteEndObject();
                }
                else
                {
                    WriteValue(w, request.ResponseFormat, "response_format", 0);
                }
            }

            if (request.User != null)
            {
                w.WriteString("user", request.User);
            }

            if (request.ParallelToolCalls is bool parallel)
            {
                w.WriteBoolean("parallel_tool_calls", parallel);
            }

            if (request.ReasoningEffort != null)
            {
                w.WriteString("reasoning_effort", request.ReasoningEffort);
            }

            if (stream)
            {
                w.WriteBoolean("stream", true);
                w.WritePropertyName("stream_options");
                w.WriteStartObject();
                w.WriteBoolean("include_usage", true);
                w.WriteEndObject();
            }

            if (request.ExtraBody != null)
            {
                foreach (var pair in request.ExtraBody)
                {
                    w.WritePropertyName(pair.Key);
                    WriteValue(w, pair.Value, pair.Key, 0);
                }
            }

            w.WriteEndObject();
            w.Flush();
        }

        /// <summary>
        /// A free-form value graph as JSON text, by the same rules as a request body (e.g. tool-call arguments given as a
        /// hashtable): the PowerShell layer needs the text but must not use System.Text.Json itself.
        /// </summary>
        public static string ToJsonText(object? value, string path)
        {
            using var buffer = new Http.PooledBuffer();
            using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            {
                WriteValue(w, value, path, 0);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.Array, 0, buffer.Length);
        }

        /// <summary>Writes a free-form .NET value graph (see <see cref="ChatCompletionRequest"/>); anything else names its path.</summary>
        public static void WriteValue(Utf8JsonWriter w, object? value, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new InvalidRequestException($"{path} is nested more than {MaxDepth} levels deep (a cycle?).", path);
            }

            switch (value)
            {
                case null:
                    w.WriteNullValue();
                    return;
                case string s:
                    w.WriteStringValue(s);
                    return;
                case bool b:
                    w.WriteBooleanValue(b);
                    return;
                case char c:
                    w.WriteStringValue(c.ToString());
                    return;
                case Enum e:
                    w.WriteStringValue(e.ToString());
                    return;
                case int i:
                    w.WriteNumberValue(i);
                    return;
                case long l:
                    w.WriteNumberValue(l);
                    return;
                case double d:
                    WriteFinite(w, d, path);
                    return;
                case float f:
                    WriteFinite(w, f, path);
                    return;
                case decimal m:
                    w.WriteNumberValue(m);
                    return;
                case short or byte or sbyte or ushort:
                    w.WriteNumberValue(Convert.ToInt32(value, CultureInfo.InvariantCulture));
                    return;
                case uint ui:
                    w.WriteNumberValue(ui);
                    return;
                case ulong ul:
                    w.WriteNumberValue(ul);
                    return;
                case System.Numerics.BigInteger big:
                    w.WriteRawValue(big.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                    return;
                case DateTime dt:
                    w.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset dto:
                    w.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture));
                    return;
                case Guid g:
                    w.WriteStringValue(g.ToString());
                    return;
                case Uri u:
                    w.WriteStringValue(u.OriginalString);
                    return;
                case RoutingOptions routing:
                    WriteRouting(w, routing);
                    return;
                case IDictionary dict:
                    w.WriteStartObject();
                    foreach (DictionaryEntry entry in dict)
                    {
                        var key = KeyString(entry.Key, path);
                        w.WritePropertyName(key);
                        WriteValue(w, entry.Value, path + "." + key, depth + 1);
                    }

                    w.WriteEndObject();
                    return;
                case IEnumerable<KeyValuePair<string, object?>> pairs:
                    w.WriteStartObject();
                    foreach (var pair in pairs)
                    {
                        w.WritePropertyName(pair.Key);
                        WriteValue(w, pair.Value, path + "." + pair.Key, depth + 1);
                    }

                    w.WriteEndObject();
                    return;
                case IEnumerable items:
                    w.WriteStartArray();
                    var index = 0;
                    foreach (var item in items)
                    {
                        WriteValue(w, item, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", depth + 1);
                        index++;
                    }

                    w.WriteEndArray();
                    return;
                default:
                    throw new InvalidRequestException(
                        $"{path} has unsupported type {value.GetType().FullName}; use strings, numbers, booleans, dates, dictionaries or lists.", path);
            }
        }

        /// <summary>Writes the routing object (the routing options' own field table decides what and how).</summary>
        public static void WriteRouting(Utf8JsonWriter w, RoutingOptions r) => r.WriteTo(w);

        /// <summary>Writes a message; reasoning content is never sent back.</summary>
        public static void WriteMessage(Utf8JsonWriter w, ChatMessage message, string path)
        {
            w.WriteStartObject();
            w.WriteString("role", message.Role);
            if (message.Content != null)
            {
                w.WritePropertyName("content");
                WriteValue(w, message.Content, path + ".content", 0);
            }

            if (message.Name != null)
            {
                w.WriteString("name", message.Name);
            }

            if (message.ToolCallId != null)
            {
                w.WriteString("tool_call_id", message.ToolCallId);
            }

            if (message.ToolCalls is { Count: > 0 })
            {
                w.WritePropertyName("tool_calls");
                w.WriteStartArray();
                foreach (var call in message.ToolCalls)
                {
                    // Resent unchanged and without null fields: some providers sign tool calls.
                    w.WriteStartObject();
                    if (call.Id != null)
                    {
                        w.WriteString("id", call.Id);
                    }

                    w.WriteString("type", call.Type ?? "function");
                    w.WritePropertyName("function");
                    w.WriteStartObject();
                    if (call.FunctionName != null)
                    {
                        w.WriteString("name", call.FunctionName);
                    }

                    w.WriteString("arguments", call.Arguments ?? "{}");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        /// <summary>
        /// ExtraBody keys the client owns whether or not the typed property is set: sending them through ExtraBody
        /// would bypass validation (e.g. <c>model</c> and <c>models</c> together; see "Requests" in src/Auriko/README.md) or the request shape.
        /// The value says which parameter to use instead.
        /// </summary>
        private static readonly Dictionary<string, string> ReservedExtraBodyKeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["model"] = "Model (one model) or Models (a fallback list)",
            ["models"] = "Models",
            ["routing"] = "Routing",
            ["auriko_metadata"] = "AurikoMetadata",
            ["gateway"] = "Models, Routing and AurikoMetadata with RequestShape.Gateway",
            ["extensions"] = "Extensions",
            ["messages"] = "Messages",
            ["stream"] = "the streaming API (StreamChatCompletionAsync)",
            ["stream_options"] = "the streaming API (StreamChatCompletionAsync; usage is always requested)",
        };

        /// <summary>Rejects a null key or a key the client owns (<see cref="ReservedExtraBodyKeys"/>), naming what to use instead.</summary>
        internal static void CheckReservedExtraBodyKeys(IDictionary<string, object?>? extraBody)
        {
            if (extraBody is null)
            {
                return;
            }

            foreach (var key in extraBody.Keys)
            {
                if (key is null)
                {
                    throw new InvalidRequestException("ExtraBody must not contain a null key.", "extra_body");
                }

                if (ReservedExtraBodyKeys.TryGetValue(key, out var instead))
                {
                    throw new InvalidRequestException(
                        $"ExtraBody key '{key}' is reserved: the client sets it itself. Use {instead} instead.", key);
                }
            }
        }

        /// <summary>Rejects a null key, a reserved key, or a key that collides with a typed field the request sets.</summary>
        internal static void CheckExtraBody(ChatCompletionRequest request, RequestShape shape, bool stream)
        {
            if (request.ExtraBody is null)
            {
                return;
            }

            CheckReservedExtraBodyKeys(request.ExtraBody);
            var written = TypedFieldNames(request, shape, stream);
            foreach (var key in request.ExtraBody.Keys)
            {
                if (written.Contains(key))
                {
                    throw new InvalidRequestException(
                        $"ExtraBody key '{key}' collides with a field the request already sets; set it through its own property instead.", key);
                }
            }
        }

        private static HashSet<string> TypedFieldNames(ChatCompletionRequest r, RequestShape shape, bool stream)
        {
            var names = new HashSet<string>(StringComparer.Ordinal) { "messages", "stream", "stream_options" };
            void Add(bool set, string name)
            {
                if (set)
                {
                    names.Add(name);
                }
            }

            var gateway = shape == RequestShape.Gateway;
            Add(r.Model != null, "model");
            Add(!gateway && r.Models is { Count: > 0 }, "models");
            Add(!gateway && r.Routing != null, "routing");
            Add(!gateway && r.AurikoMetadata != null, "auriko_metadata");
            Add(gateway && (r.Routing != null || r.Models is { Count: > 0 } || r.AurikoMetadata != null), "gateway");
            Add(r.Extensions != null, "extensions");
            Add(r.Tools != null, "tools");
            Add(r.ToolChoice != null, "tool_choice");
            Add(r.Temperature != null, "temperature");
            Add(r.TopP != null, "top_p");
            Add(r.PresencePenalty != null, "presence_penalty");
            Add(r.FrequencyPenalty != null, "frequency_penalty");
            Add(r.MaxTokens != null, "max_tokens");
            Add(r.MaxCompletionTokens != null, "max_completion_tokens");
            Add(r.N != null, "n");
            Add(r.Seed != null, "seed");
            Add(r.Stop != null, "stop");
            Add(r.ResponseFormat != null, "response_format");
            Add(r.User != null, "user");
            Add(r.ParallelToolCalls != null, "parallel_tool_calls");
            Add(r.ReasoningEffort != null, "reasoning_effort");
            return names;
        }

        private static string KeyString(object key, string path)
        {
            var text = key switch
            {
                string s => s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => key?.ToString(),
            };
            return text ?? throw new InvalidRequestException($"{path} has a null key.", path);
        }

        private static void WriteFinite(Utf8JsonWriter w, double d, string path)
        {
            if (double.IsNaN(d) || double.IsInfinity(d))
            {
                throw new InvalidRequestException($"{path} is {d.ToString(CultureInfo.InvariantCulture)}, which JSON cannot represent.", path);
            }

            w.WriteNumberValue(d);
        }

        private static void WriteStrings(Utf8JsonWriter w, string name, IList<string> values)
        {
            w.WritePropertyName(name);
            w.WriteStartArray();
            foreach (var v in values)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
        }

        private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
        {
            if (value is double d)
            {
                w.WritePropertyName(name);
                WriteFinite(w, d, name);
            }
        }

        private static void WriteNumber(Utf8JsonWriter w, string name, int? value)
        {
            if (value is int i)
            {
                w.WriteNumber(name, i);
            }
        }

        private static void WriteBool(Utf8JsonWriter w, string name, bool? value)
        {
            if (value is bool b)
            {
                w.WriteBoolean(name, b);
            }
        }
    }
}
