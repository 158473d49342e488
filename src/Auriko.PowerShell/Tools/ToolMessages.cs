namespace Auriko.PowerShell.Tools
{
    /// <summary>The user-facing texts of tools and tool runs: errors for the user, and results for the model.</summary>
    internal static class ToolMessages
    {
        // ---- New-AurikoTool ----
        internal const string BadFunctionName =
            "'{0}' cannot be a tool name: the API accepts only letters, digits, '_' and '-', at most 64 characters. Wrap the command in a function with such a name.";
        internal const string UnresolvedAlias = "The alias '{0}' does not resolve to a command.";
        internal const string NativeCommand =
            "'{0}' is a native program: it has no PowerShell parameters to describe. Wrap it in a function with typed parameters and make that the tool.";
        internal const string NoSuchSet = "'{0}' has no parameter set '{1}'. Its sets: {2}.";
        internal const string ChooseSet = "'{0}' has several parameter sets and no default one; choose one with -ParameterSetName: {1}.";
        internal const string MandatoryNotData =
            "'{0}' cannot be a tool with parameter set '{1}': its mandatory parameter -{2} takes {3}, which a model is never allowed to supply. Choose another -ParameterSetName or wrap the command in a function.";
        internal const string DefaultDescription = "Runs the PowerShell command {0}.";
        internal const string NotACommandArgument = "-Command takes a command name or a CommandInfo (from Get-Command).";
        internal const string CommandNotFound = "No command named '{0}' was found.";
        internal const string CommandInTools =
            "tools[{0}] is a command ({1}): make it a tool with New-AurikoTool, which describes its parameters to the model.";
        internal const string DuplicateTool = "Two tools are named '{0}'; a model calls tools by name, so each name must be unique.";

        // ---- tool rounds ----
        internal const string RoundsExhausted =
            "The tool rounds ran out: after {0} round(s) of tool calls (-MaxToolRounds {0}) the model still asked for {1}. The exception's History holds the conversation up to the last tool results; pass it to -History (with a higher -MaxToolRounds) to let the model go on.";
        internal const string ConfirmNeedsHost =
            "-InvokeTools Confirm asks before each tool call, but this host cannot ask ({0}). Use -InvokeTools Auto to run tools without asking, or None to get the tool calls back.";
        internal const string ConfirmCaption = "Run a tool for the model";
        internal const string ConfirmQuery = "The model asks to run {0} with {1}. Run it?";

        // ---- verbose lines (name, arguments, outcome, duration) ----
        internal const string VerboseRan = "Tool {0} {1}: ran in {2} ms.";
        internal const string VerboseFailed = "Tool {0} {1}: failed in {2} ms: {3}";
        internal const string VerboseRefused = "Tool {0} {1}: not run: {2}";
        internal const string VerboseDeclined = "Tool {0} {1}: declined by the user; not run.";

        // ---- results sent to the model ----
        internal const string NotOffered = "'{0}' is not one of the tools that can run here; nothing ran. Call only the tools offered.";
        internal const string NotACommand = "'{0}' was offered as a plain definition, not as a command, so it cannot run here; nothing ran.";
        internal const string BadArgumentsJson = "The arguments are not valid JSON ({0}); nothing ran.";
        internal const string ArgumentsNotObject = "The arguments must be a JSON object of parameter names and values; nothing ran.";
        internal const string UnknownArgument = "'{0}' has no parameter '{1}'; its parameters: {2}. Nothing ran.";
        internal const string MissingArgument = "The required argument '{0}' is missing; nothing ran.";
        internal const string Declined = "The user declined to run {0}; it did not run.";
        internal const string OutputCut = "... {0} more item(s) not shown: a tool's output is limited to {1} characters.";
        internal const string TextCut = "... (cut: a tool's output is limited to {0} characters)";
    }
}
