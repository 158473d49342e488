using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace Auriko
{
    /// <summary>
    /// A chat completion request. Free-form values (<see cref="Extensions"/>, <see cref="AurikoMetadata"/>,
    /// <see cref="Tools"/>, <see cref="ToolChoice"/>, <see cref="ResponseFormat"/>, <see cref="ExtraBody"/>) are plain
    /// .NET graphs: null, strings, booleans, numbers, enums, dates, GUIDs, dictionaries and lists.
    /// </summary>
    public sealed class ChatCompletionRequest
    {
        /// <summary>The most models one request may list.</summary>
        public const int MaxModels = 10;

        /// <summary>The model, e.g. <c>gpt-4o</c> or <c>gpt-4o:cost</c>. Mutually exclusive with <see cref="Models"/>.</summary>
        public string? Model { get; set; }

        /// <summary>Up to 10 models to route across. Mutually exclusive with <see cref="Model"/>.</summary>
        public IList<string>? Models { get; set; }

        /// <summary>The conversation; must not be empty.</summary>
        public IList<ChatMessage> Messages { get; set; } = new List<ChatMessage>();

        /// <summary>Routing options.</summary>
        public RoutingOptions? Routing { get; set; }

        /// <summary>Provider extensions (e.g. <c>thinking</c>, <c>openai</c>), sent as the top-level <c>extensions</c> object.</summary>
        public IDictionary<string, object?>? Extensions { get; set; }

        /// <summary>Request metadata (tags, trace ids): <c>auriko_metadata</c>, or <c>gateway.metadata</c> in the gateway shape.</summary>
        public IDictionary<string, object?>? AurikoMetadata { get; set; }

        /// <summary>Tool definitions in OpenAI format.</summary>
        public IList<object>? Tools { get; set; }

        /// <summary><c>auto</c>, <c>none</c>, <c>required</c>, or a dictionary naming a function.</summary>
        public object? ToolChoice { get; set; }

        /// <summary>Sampling temperature, 0–2.</summary>
        public double? Temperature { get; set; }

        /// <summary>Nucleus sampling, 0–1.</summary>
        public double? TopP { get; set; }

        /// <summary>Presence penalty, −2–2.</summary>
        public double? PresencePenalty { get; set; }

        /// <summary>Frequency penalty, −2–2.</summary>
        public double? FrequencyPenalty { get; set; }

        /// <summary>Token limit (legacy name).</summary>
        public int? MaxTokens { get; set; }

        /// <summary>Completion token limit.</summary>
        public int? MaxCompletionTokens { get; set; }

        /// <summary>How many choices to generate.</summary>
        public int? N { get; set; }

        /// <summary>Seed for reproducible sampling.</summary>
        public int? Seed { get; set; }

        /// <summary>A stop sequence (string) or several (list of strings).</summary>
        public object? Stop { get; set; }

        /// <summary><c>text</c>, <c>json_object</c>, or a full <c>response_format</c> dictionary (e.g. a JSON schema).</summary>
        public object? ResponseFormat { get; set; }

        /// <summary>An end-user id for abuse tracking.</summary>
        public string? User { get; set; }

        /// <summary>Whether the model may call several tools at once.</summary>
        public bool? ParallelToolCalls { get; set; }

        /// <summary>Reasoning effort: <c>low</c>, <c>medium</c>, <c>high</c>, … (newer API).</summary>
        public string? ReasoningEffort { get; set; }

        /// <summary>
        /// Extra top-level fields sent as-is. A key that collides with a field set above is an error, and so is any of
        /// the keys the client owns (<c>model</c>, <c>models</c>, <c>routing</c>, <c>auriko_metadata</c>, <c>gateway</c>,
        /// <c>extensions</c>, <c>messages</c>, <c>stream</c>, <c>stream_options</c>) even when the property is not set.
        /// </summary>
        public IDictionary<string, object?>? ExtraBody { get; set; }

        /// <summary>Checks the request before anything is sent.</summary>
        /// <exception cref="InvalidRequestException">The request is unusable; the message names the field and how to fix it.</exception>
        public void Validate()
        {
            var hasModel = Model != null;
            var hasModels = Models != null && Models.Count > 0;
            if (hasModel && hasModels)
            {
                throw new InvalidRequestException("Specify either Model or Models, not both.", "model");
            }

            if (!hasModel && !hasModels)
            {
                throw new InvalidRequestException("Specify a model: set Model (one model) or Models (up to 10).", "model");
            }

            if (hasModel && string.IsNullOrWhiteSpace(Model))
            {
                throw new InvalidRequestException("Model must not be empty.", "model");
            }

            if (hasModels)
            {
                if (Models!.Count > MaxModels)
                {
                    throw new InvalidRequestException($"Models may list at most {MaxModels} models (got {Models.Count}).", "models");
                }

                for (var i = 0; i < Models.Count; i++)
                {
                    if (string.IsNullOrWhiteSpace(Models[i]))
                    {
                        throw new InvalidRequestException($"models[{i}] must not be empty.", "models");
                    }
                }
            }

            if (Messages is null || Messages.Count == 0)
            {
                throw new InvalidRequestException("Messages must contain at least one message.", "messages");
            }

            for (var i = 0; i < Messages.Count; i++)
            {
                var message = Messages[i];
                if (message is null)
                {
                    throw new InvalidRequestException($"messages[{i}] must not be null.", "messages");
                }

                if (string.IsNullOrWhiteSpace(message.Role))
                {
                    throw new InvalidRequestException($"messages[{i}].role must not be empty.", "messages");
                }

                if (message.Content != null && message.Content is not string && message.Content is not IEnumerable)
                {
                    throw new InvalidRequestException($"messages[{i}].content must be a string or a list of content parts.", "messages");
                }
            }

            Range(Temperature, 0, 2, "temperature");
            Range(TopP, 0, 1, "top_p");
            Range(PresencePenalty, -2, 2, "presence_penalty");
            Range(FrequencyPenalty, -2, 2, "frequency_penalty");
            Positive(MaxTokens, "max_tokens");
            Positive(MaxCompletionTokens, "max_completion_tokens");
            Positive(N, "n");

            if (Stop != null && Stop is not string && Stop is not IEnumerable)
            {
                throw new InvalidRequestException("Stop must be a string or a list of strings.", "stop");
            }

            if (Stop is IEnumerable stops && Stop is not string)
            {
                foreach (var s in stops)
                {
                    if (s is not string)
                    {
                        throw new InvalidRequestException("Stop must be a string or a list of strings.", "stop");
                    }
                }
            }

            if (ToolChoice != null && ToolChoice is not string && ToolChoice is not IDictionary && ToolChoice is not IDictionary<string, object?>)
            {
                throw new InvalidRequestException("ToolChoice must be 'auto', 'none', 'required' or a dictionary naming a function.", "tool_choice");
            }

            if (ResponseFormat != null && ResponseFormat is not string && ResponseFormat is not IDictionary && ResponseFormat is not IDictionary<string, object?>)
            {
                throw new InvalidRequestException("ResponseFormat must be 'text', 'json_object' or a response_format dictionary.", "response_format");
            }

            Routing?.Validate();

            // Keys such as model/models/routing/stream belong to the client in any request shape.
            Json.RequestWriter.CheckReservedExtraBodyKeys(ExtraBody);
        }

        private static void Range(double? value, double min, double max, string param)
        {
            if (value is double v && (double.IsNaN(v) || v < min || v > max))
            {
                throw new InvalidRequestException(
                    string.Format(CultureInfo.InvariantCulture, "{0} must be between {1} and {2} (was {3}).", param, min, max, v), param);
            }
        }

        private static void Positive(int? value, string param)
        {
            if (value is int v && v < 1)
            {
                throw new InvalidRequestException($"{param} must be at least 1 (was {v}).", param);
            }
        }
    }
}
