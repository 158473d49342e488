namespace Auriko.PowerShell.Internal
{
    /// <summary>Every user-facing message of the cmdlets, in one place.</summary>
    internal static class Messages
    {
        internal const string NoSession =
            "No Auriko API key. Run Connect-Auriko -ApiKey <key>, or set the AURIKO_API_KEY environment variable.";
        internal const string NoApiKeyForConnect =
            "No API key given. Pass -ApiKey (a string, a SecureString or (Get-Secret Auriko)), or set AURIKO_API_KEY.";
        internal const string InsecureHttp =
            "Refusing to send the API key over plain http:// to '{0}', which is not a loopback address. Use https://, or pass -AllowInsecureHttp if you really mean it.";
        internal const string BadBaseUrl = "'{0}' is not an absolute http:// or https:// URL.";

        internal static string EnvironmentUnusable(string detail) =>
            "The AURIKO_API_KEY / AURIKO_BASE_URL environment variables cannot be used: " + detail;
        internal const string ShapeConflict = "-UseGatewayShape conflicts with -RequestShape {0}. Use one of them.";
        internal const string ModelAndModels = "Specify either -Model or -Models, not both.";
        internal const string NoModel =
            "No model. Pass -Model <name> or -Models <names>, or set a default with Connect-Auriko -DefaultModel <name>.";
        internal const string NoMessage = "Nothing to send. Pass -Message, pipe a string, or pass -History.";
        internal const string ContinueNeedsMessage =
            "A message is required to continue the conversation: $r | Invoke-AurikoChatCompletion 'next question'. A piped completion supplies the history and the model, not the next message.";
        internal const string NotAMessage =
            "Piped input of type {0} is not a message. Pipe strings, or objects with a Prompt (or Question) property such as Import-Csv rows, or pass -Message.";
        internal const string MessageGivenTwice =
            "The message is given twice: with -Message and as a piped string. Pipe the strings, or pass -Message, not both.";
        internal const string EmptyModels = "-Models needs at least one model name.";
        internal const string ValidationFailed = "The API key could not be validated with GET /me; the previous connection (if any) is unchanged. {0}";
        internal const string Connected = "Connected to {0} as {1}.";
        internal const string NotConnected = "No Auriko connection: not connected with Connect-Auriko and AURIKO_API_KEY is not set.";
        internal const string Disconnected = "Disconnected from {0}.";
        internal const string NoWorkspace =
            "The API key has no workspace (keys created before workspace support). Pass -WorkspaceId.";
        internal const string NameNotFound = "No {0} matches '{1}'.";
        internal const string BadHistoryItem =
            "History item {0} is not a chat message: give hashtables or objects with 'role' and 'content' (got {1}).";
        internal const string BadRole = "History item {0} has no role.";
        internal const string UnsupportedValue = "{0} has an unsupported value of type {1}.";
        internal const string TooDeep = "{0} is nested too deeply (more than {1} levels).";
        internal const string SkippedAfterHalt = "Skipped {0} remaining input(s) after {1}: {2}";
        internal const string StreamWithThrottleLimit =
            "-Stream cannot be combined with -ThrottleLimit above 1: the chunks of answers arriving at the same time would interleave and could not be read. Drop -Stream (each answer then arrives whole, in input order), or stream one prompt at a time.";
        internal const string BadMaxCostUsd = "-MaxCostUsd must be greater than 0 (got {0}).";
        internal const string CostLimitReached =
            "-MaxCostUsd {0} reached: {2} answer(s) cost {1} USD in all; {3} input(s) were not sent.";
        internal const string BatchActivity = "Invoke-AurikoChatCompletion -ThrottleLimit {0}";
        internal const string BatchStatus = "{0} answered, {1} failed, {2} in flight, {3}:{4:00} elapsed, {5} USD so far";
        internal const string BatchPaused = "Paused {0:0.0} s for a rate limit (429)";
    }
}
