using System;
using System.Globalization;
using System.Management.Automation;
using Auriko.PowerShell.Tools;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Makes a PowerShell command into a tool the model can call.</para>
    /// <para type="description">The tool's name is the command's name, its description the help
    /// synopsis, and its parameters a JSON schema made from the command's own parameter metadata.
    /// Pass the result to -Tools; with -InvokeTools Auto or Confirm, the model's calls run the command.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AurikoTool")]
    [OutputType(typeof(AurikoTool))]
    public sealed class NewAurikoToolCommand : PSCmdlet
    {
        /// <summary>
        /// The commands: names (an alias resolves to the command it names) or CommandInfo objects from
        /// Get-Command. Names and commands can be piped.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public object[]? Command { get; set; }

        /// <summary>
        /// The parameter set whose parameters the model may pass. Default: the command's default set
        /// (or its only one).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        // Hides PSCmdlet.ParameterSetName (the set PowerShell bound), which this cmdlet never reads.
        public new string? ParameterSetName { get; set; }

        /// <summary>What the model is told the tool does, instead of the help synopsis.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Description { get; set; }

        /// <summary>Writes one tool per command; a command that cannot be a tool is a non-terminating error.</summary>
        protected override void ProcessRecord()
        {
            foreach (var item in Command ?? Array.Empty<object>())
            {
                var command = Resolve(item);
                if (command == null)
                {
                    continue;
                }

                try
                {
                    WriteObject(ToolSchemaBuilder.Build(command, ParameterSetName, Description));
                }
                catch (ArgumentException ex)
                {
                    WriteError(new ErrorRecord(ex, "InvalidToolCommand", ErrorCategory.InvalidArgument, item));
                }
            }
        }

        /// <summary>The CommandInfo of a name, as the caller's scope resolves it (functions of the caller included).</summary>
        private CommandInfo? Resolve(object? value)
        {
            var unwrapped = value is PSObject pso ? pso.BaseObject : value;
            if (unwrapped is CommandInfo info)
            {
                return info;
            }

            string? name = unwrapped as string;
            if (string.IsNullOrWhiteSpace(name))
            {
                WriteError(new ErrorRecord(new ArgumentException(ToolMessages.NotACommandArgument), "InvalidToolCommand",
                    ErrorCategory.InvalidArgument, value));
                return null;
            }
            var found = InvokeCommand.GetCommand(name, CommandTypes.All);
            if (found == null)
            {
                WriteError(new ErrorRecord(
                    new ItemNotFoundException(string.Format(CultureInfo.InvariantCulture, ToolMessages.CommandNotFound, name)),
                    "ToolCommandNotFound", ErrorCategory.ObjectNotFound, value));
            }
            return found;
        }
    }
}
