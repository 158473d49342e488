namespace Auriko.PowerShell.Chat
{
    /// <summary>What Enter-AurikoChat tells the user.</summary>
    internal static class ChatTexts
    {
        internal const string Banner = "Chat with {0} through Auriko. Commands: {1}. Ctrl+C stops an answer.";
        internal const string CostLine = "{0} | cost {1} | total {2}";
        internal const string Stopped = "(answer stopped; the question is not kept in the conversation)";
        internal const string ToolsNotRun = "The model asked for {0}; tools do not run with -InvokeTools None, so this answer is not kept.";
        internal const string SystemSet = "system message set";
        internal const string SystemCleared = "system message removed";
        internal const string ResetDone = "conversation cleared (the system message stays)";
        internal const string Saved = "saved {0} messages to {1}";
        internal const string SaveUsage = "usage: /save <file>  (load it back with -History (Get-Content <file> -Raw | ConvertFrom-Json))";
        internal const string OptimizeUsage = "usage: /optimize <strategy>: cost, cheapest, speed, ttft, throughput, balanced, cost-focus, ttft-focus, tps, tps-focus";
        internal const string UnknownCommand = "unknown command {0}; commands: {1}";
        internal const string Help = "commands: ";
        internal const string NeedsInteractiveHost =
            "Enter-AurikoChat needs an interactive host that can read lines (not -NonInteractive). Use Invoke-AurikoChatCompletion in scripts.";
    }
}
