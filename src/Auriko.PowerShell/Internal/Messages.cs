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
        internal const string ShapeConflict = "-UseGatewayShape conflicts with -RequestShape {0}. Use one of them.";
        internal const string ModelAndModels = "Specify either -Model or -Models, not both.";
        internal const string NoModel =
            "No model. Pass -Model <name> or -Models <names>, or set a default with Connect-Auriko -DefaultModel <name>.";
        internal const string NoMessage = "Nothing to send. Pass -Message, pipe a string, or pass -History.";
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
        internal const string RetryWarning = "Retrying {0}{1}: {2}";
        internal const string StreamCancelled = "The stream was stopped.";
    }
}
