namespace Auriko.PowerShell
{
    /// <summary>What the chat cmdlets do with the tool calls a model asks for (-InvokeTools).</summary>
    public enum InvokeToolsMode
    {
        /// <summary>Nothing runs: the answer carries the tool calls for the caller to handle.</summary>
        None,

        /// <summary>Each requested tool that was given as a command runs, and its result goes back to the model.</summary>
        Auto,

        /// <summary>Like Auto, but the user is asked before each call (Yes, Yes to All, No, No to All).</summary>
        Confirm,
    }
}
