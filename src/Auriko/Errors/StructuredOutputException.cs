using System;

namespace Auriko
{
    /// <summary>
    /// A structured answer was asked for (a JSON schema or JSON mode) and the answer is not what was asked: not valid
    /// JSON, or JSON that does not fit the requested type. The request itself succeeded; <see cref="RawText"/> holds the
    /// answer as received and <see cref="Completion"/> the whole response (usage, cost, headers).
    /// </summary>
    public sealed class StructuredOutputException : AurikoException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What is wrong with the answer; includes the request id when known.</param>
        /// <param name="rawText">The answer's text as received.</param>
        /// <param name="isValidJson">True when the text is JSON that does not fit <paramref name="targetType"/>; false when it is not JSON.</param>
        /// <param name="targetType">The type the answer was to become, or null when any JSON was accepted.</param>
        public StructuredOutputException(string message, string? rawText, bool isValidJson, Type? targetType = null)
            : base(message)
        {
            RawText = rawText;
            IsValidJson = isValidJson;
            TargetType = targetType;
        }

        /// <summary>The answer's text as received (null when the answer had no text).</summary>
        public string? RawText { get; }

        /// <summary>True when the answer is valid JSON but does not fit <see cref="TargetType"/>; false when it is not JSON at all.</summary>
        public bool IsValidJson { get; }

        /// <summary>The type the answer was to become, or null.</summary>
        public Type? TargetType { get; }

        /// <summary>Which answer (choice index) failed.</summary>
        public int ChoiceIndex { get; internal set; }

        /// <summary>Where in the JSON the answer stopped fitting (e.g. <c>$.Priority</c>), or null.</summary>
        public string? JsonPath { get; internal set; }

        /// <summary>The response that carried the answer, so its usage, cost and headers stay reachable.</summary>
        public ChatCompletion? Completion { get; internal set; }
    }
}
