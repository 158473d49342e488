using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading;

namespace Auriko.PowerShell.Tools
{
    /// <summary>
    /// -InvokeTools Auto and Confirm: after each answer that asks for tools, runs them (asking first
    /// with Confirm), appends the answer and one <c>tool</c> message per call to the request, and says
    /// whether to send it again; after -MaxToolRounds rounds it stops with
    /// <see cref="ToolRoundsExhaustedException"/>. One loop per cmdlet invocation: "Yes to All" and
    /// "No to All" hold for the rest of it; rounds are counted per request.
    /// </summary>
    internal sealed class ToolLoop
    {
        /// <summary>Arguments longer than this are shortened in Verbose lines and prompts.</summary>
        private const int ShownArgumentChars = 300;

        private readonly ToolSet? _tools;
        private readonly InvokeToolsMode _mode;
        private readonly int _maxRounds;
        private readonly Cmdlet _cmdlet;
        private readonly Action<string> _report;
        private bool _yesToAll;
        private bool _noToAll;
        private ChatCompletionRequest? _request;
        private int _rounds;

        private ToolLoop(InvokeToolsMode mode, ToolSet? tools, int maxRounds, Cmdlet cmdlet, Action<string> report)
        {
            _mode = mode;
            _tools = tools;
            _maxRounds = maxRounds;
            _cmdlet = cmdlet;
            _report = report;
        }

        /// <summary>Called before and after each confirmation prompt (the chat pauses its Ctrl+C watch meanwhile).</summary>
        internal Action? BeforePrompt { get; set; }

        /// <summary>See <see cref="BeforePrompt"/>.</summary>
        internal Action? AfterPrompt { get; set; }

        /// <summary>
        /// The loop for -InvokeTools, or null for None (tool calls are returned, nothing runs).
        /// <paramref name="report"/> is where each tool run is told: name, arguments, outcome and duration.
        /// </summary>
        internal static ToolLoop? Create(InvokeToolsMode mode, ToolSet? tools, int maxRounds, Cmdlet cmdlet, Action<string> report) =>
            mode == InvokeToolsMode.None ? null : new ToolLoop(mode, tools, maxRounds, cmdlet, report);

        /// <summary>
        /// When <paramref name="answer"/> asks for tools: runs them and sets the request's messages to the
        /// conversation so far (the answer and the tool results included); true means "send it again".
        /// False when the answer is final. Throws <see cref="ToolRoundsExhaustedException"/> when the
        /// rounds ran out, OperationCanceledException when <paramref name="stop"/> stops a tool, and
        /// InvalidOperationException when Confirm cannot ask.
        /// </summary>
        internal bool RunRequestedTools(ChatCompletionRequest request, ChatCompletion answer, CancellationToken stop)
        {
            var calls = answer.ToolCalls;
            if (calls.Count == 0)
            {
                return false;
            }

            if (!ReferenceEquals(request, _request))
            {
                _request = request;
                _rounds = 0;
            }
            if (_rounds >= _maxRounds)
            {
                string names = string.Join(", ", calls.Select(c => c.FunctionName).Distinct());
                throw new ToolRoundsExhaustedException(
                    string.Format(CultureInfo.InvariantCulture, ToolMessages.RoundsExhausted, _maxRounds, names),
                    _maxRounds, request.Messages.ToList(), calls);
            }
            _rounds++;

            var messages = new List<ChatMessage>(answer.History);
            foreach (var call in calls)
            {
                var result = RunOne(call, stop);
                messages.Add(ChatMessage.Tool(call.Id ?? string.Empty, result.Content));
            }
            request.Messages = messages;
            return true;
        }

        /// <summary>The error record for a failure of the loop itself (not of a tool), or null for any other exception.</summary>
        internal static ErrorRecord? ErrorRecordFor(Exception exception, object? target)
        {
            switch (exception)
            {
                case ToolRoundsExhaustedException rounds:
                    return new ErrorRecord(rounds, "ToolRoundsExhausted", ErrorCategory.LimitsExceeded, target);
                case ConfirmUnavailableException confirm:
                    return new ErrorRecord(confirm, "ConfirmNeedsInteractiveHost", ErrorCategory.InvalidOperation, target);
                default:
                    return null;
            }
        }

        private ToolResult RunOne(ToolCall call, CancellationToken stop)
        {
            string name = call.FunctionName ?? string.Empty;
            string shownArguments = Shorten(string.IsNullOrWhiteSpace(call.Arguments) ? "{}" : call.Arguments!);
            string? refusal = null;
            var tool = _tools?.Find(call.FunctionName, out refusal);
            if (tool == null)
            {
                // Only a command given as a tool ever runs; the model hears why nothing did.
                refusal ??= Format(ToolMessages.NotOffered, call.FunctionName ?? "(no name)");
                _report(Format(ToolMessages.VerboseRefused, name, shownArguments, refusal));
                return ToolResult.Error(ToolOutcome.Refused, refusal, TimeSpan.Zero);
            }

            if (_mode == InvokeToolsMode.Confirm && !Confirm(name, shownArguments))
            {
                _report(Format(ToolMessages.VerboseDeclined, name, shownArguments));
                string message = Format(ToolMessages.Declined, name);
                var declined = new Dictionary<string, object?> { ["declined"] = true, ["error"] = message };
                return new ToolResult(ToolOutcome.Declined, ToolOutputJson.ToJson(declined), message, TimeSpan.Zero);
            }

            var result = ToolRunner.Run(tool, call.Arguments, stop);
            string ms = result.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
            switch (result.Outcome)
            {
                case ToolOutcome.Ran:
                    _report(Format(ToolMessages.VerboseRan, name, shownArguments, ms)
                        + (result.Detail != null ? " It wrote errors: " + result.Detail : string.Empty));
                    break;
                case ToolOutcome.Failed:
                    _report(Format(ToolMessages.VerboseFailed, name, shownArguments, ms, result.Detail ?? string.Empty));
                    break;
                default:
                    _report(Format(ToolMessages.VerboseRefused, name, shownArguments, result.Detail ?? string.Empty));
                    break;
            }
            return result;
        }

        /// <summary>ShouldContinue with Yes to All and No to All; a host that cannot ask is an error, not a silent yes or no.</summary>
        private bool Confirm(string name, string shownArguments)
        {
            if (_noToAll)
            {
                return false;
            }

            if (_yesToAll)
            {
                return true;
            }

            BeforePrompt?.Invoke();
            try
            {
                return _cmdlet.ShouldContinue(Format(ToolMessages.ConfirmQuery, name, shownArguments), ToolMessages.ConfirmCaption,
                    ref _yesToAll, ref _noToAll);
            }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is HostException
                || ex is NotImplementedException || ex is PSNotImplementedException)
            {
                throw new ConfirmUnavailableException(Format(ToolMessages.ConfirmNeedsHost, ex.Message), ex);
            }
            finally
            {
                AfterPrompt?.Invoke();
            }
        }

        private static string Shorten(string text) =>
            text.Length <= ShownArgumentChars ? text : text.Substring(0, ShownArgumentChars) + "...";

        private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
    }

    /// <summary>-InvokeTools Confirm in a host that cannot ask (-NonInteractive, a job, a runspace without a UI).</summary>
    internal sealed class ConfirmUnavailableException : InvalidOperationException
    {
        internal ConfirmUnavailableException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
