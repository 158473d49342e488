namespace Auriko
{
    /// <summary>Token usage of a completion.</summary>
    public sealed class Usage
    {
        internal Usage()
        {
        }

        /// <summary>Tokens in the prompt.</summary>
        public int PromptTokens { get; internal set; }

        /// <summary>Tokens generated.</summary>
        public int CompletionTokens { get; internal set; }

        /// <summary>Prompt plus completion tokens.</summary>
        public int TotalTokens { get; internal set; }

        /// <summary>Prompt tokens served from cache (<c>prompt_tokens_details.cached_tokens</c>).</summary>
        public int? CachedTokens => PromptTokensDetails?.CachedTokens;

        /// <summary>Tokens spent reasoning (<c>completion_tokens_details.reasoning_tokens</c>).</summary>
        public int? ReasoningTokens => CompletionTokensDetails?.ReasoningTokens;

        /// <summary>Breakdown of the prompt tokens.</summary>
        public TokenDetails? PromptTokensDetails { get; internal set; }

        /// <summary>Breakdown of the completion tokens.</summary>
        public TokenDetails? CompletionTokensDetails { get; internal set; }

        /// <summary>The usage object as received, so a streamed answer's raw JSON keeps every field.</summary>
        internal string? RawJson { get; set; }

        /// <summary>Returns a short summary.</summary>
        public override string ToString() => $"{PromptTokens} prompt + {CompletionTokens} completion = {TotalTokens} tokens";
    }

    /// <summary>A breakdown of prompt or completion tokens; every field is optional.</summary>
    public sealed class TokenDetails
    {
        internal TokenDetails()
        {
        }

        /// <summary>Tokens served from cache.</summary>
        public int? CachedTokens { get; internal set; }

        /// <summary>Tokens spent reasoning.</summary>
        public int? ReasoningTokens { get; internal set; }

        /// <summary>Text tokens.</summary>
        public int? TextTokens { get; internal set; }

        /// <summary>Image tokens.</summary>
        public int? ImageTokens { get; internal set; }

        /// <summary>Audio tokens.</summary>
        public int? AudioTokens { get; internal set; }
    }
}
