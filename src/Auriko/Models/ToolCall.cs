namespace Auriko
{
    /// <summary>A tool (function) call requested by the model. Wire form: <c>{id, type, function: {name, arguments}}</c>.</summary>
    public sealed class ToolCall
    {
        /// <summary>The call id, echoed by the tool result message.</summary>
        public string? Id { get; set; }

        /// <summary>The tool type; always <c>function</c> today.</summary>
        public string Type { get; set; } = "function";

        /// <summary>The position of the call in the message's list.</summary>
        public int Index { get; set; }

        /// <summary>The function to call.</summary>
        public string? FunctionName { get; set; }

        /// <summary>The arguments as a JSON text.</summary>
        public string? Arguments { get; set; }

        /// <summary>Returns <c>name(arguments)</c>.</summary>
        public override string ToString() => $"{FunctionName}({Arguments})";
    }
}
