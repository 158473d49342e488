using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;

namespace Auriko.PowerShell.Tools
{
    /// <summary>How one tool call ended.</summary>
    internal enum ToolOutcome
    {
        /// <summary>The command ran (it may still have written errors, which the result carries).</summary>
        Ran,

        /// <summary>The command threw, or its arguments did not bind.</summary>
        Failed,

        /// <summary>Nothing ran: an unknown tool, or unusable arguments.</summary>
        Refused,

        /// <summary>Nothing ran: the user said no.</summary>
        Declined,
    }

    /// <summary>The result of one tool call: the text the model gets, and what the user is told.</summary>
    internal sealed class ToolResult
    {
        internal ToolResult(ToolOutcome outcome, string content, string? detail, TimeSpan duration)
        {
            Outcome = outcome;
            Content = content;
            Detail = detail;
            Duration = duration;
        }

        internal ToolOutcome Outcome { get; }

        /// <summary>JSON text for the tool message.</summary>
        internal string Content { get; }

        /// <summary>Why it failed or was refused (for Verbose), else null.</summary>
        internal string? Detail { get; }

        internal TimeSpan Duration { get; }

        /// <summary>A result for a call that did not run or failed: <c>{"error": "..."}</c>.</summary>
        internal static ToolResult Error(ToolOutcome outcome, string message, TimeSpan duration) =>
            new ToolResult(outcome, ToolOutputJson.ToJson(new Dictionary<string, object?> { ["error"] = message }), message, duration);
    }

    /// <summary>
    /// Runs one tool call: the model's JSON arguments become parameter values (data only: parsed as
    /// JSON, never as script), are checked against the tool's parameters, and are bound by
    /// PowerShell's own binder, with its type conversion, to the command itself (never looked up by
    /// name again). The command runs in the caller's runspace, on the pipeline thread; a stop request
    /// stops it and ends the call with OperationCanceledException.
    /// </summary>
    internal static class ToolRunner
    {
        internal static ToolResult Run(AurikoTool tool, string? argumentsJson, CancellationToken stop)
        {
            if (!TryBind(tool, argumentsJson, out var arguments, out var refusal))
            {
                return ToolResult.Error(ToolOutcome.Refused, refusal!, TimeSpan.Zero);
            }

            var watch = Stopwatch.StartNew();
            using (var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddCommand(tool.Command);
                foreach (var argument in arguments)
                {
                    ps.AddParameter(argument.Key, argument.Value);
                }

                Collection<PSObject> output;
                try
                {
                    using (stop.Register(() => ps.BeginStop(null, null)))
                    {
                        output = ps.Invoke();
                    }
                }
                catch (PipelineStoppedException) when (stop.IsCancellationRequested)
                {
                    throw new OperationCanceledException(stop);
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException) && !stop.IsCancellationRequested && IsToolFailure(ex))
                {
                    // A tool that throws is answered to the model, not thrown at the user.
                    return ToolResult.Error(ToolOutcome.Failed, MessageOf(ex), watch.Elapsed);
                }
                stop.ThrowIfCancellationRequested();

                string json = ToolOutputJson.FromOutput(output);
                var errors = ps.Streams.Error.Select(e => (object?)MessageOf(e)).ToList();
                if (errors.Count == 0)
                {
                    return new ToolResult(ToolOutcome.Ran, json, null, watch.Elapsed);
                }

                string combined = "{\"output\":" + json + ",\"errors\":" + ToolOutputJson.ToJson(errors) + "}";
                return new ToolResult(ToolOutcome.Ran, combined, string.Join("; ", errors), watch.Elapsed);
            }
        }

        /// <summary>
        /// The arguments as parameter values by the parameters' real names. Refuses (nothing runs)
        /// text that is not a JSON object, a name that is not one of the tool's parameters (common
        /// parameters included: -OutVariable and friends are not the model's to set), and a missing
        /// required argument (PowerShell would otherwise prompt for it).
        /// </summary>
        private static bool TryBind(AurikoTool tool, string? json, out Dictionary<string, object?> arguments, out string? refusal)
        {
            arguments = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            refusal = null;
            object? parsed;
            if (string.IsNullOrWhiteSpace(json))
            {
                parsed = new Dictionary<string, object?>();
            }
            else if (!Auriko.Json.JsonText.TryParse(json!, out parsed, out var error))
            {
                refusal = Format(ToolMessages.BadArgumentsJson, error ?? string.Empty);
                return false;
            }
            if (!(parsed is Dictionary<string, object?> given))
            {
                refusal = ToolMessages.ArgumentsNotObject;
                return false;
            }

            foreach (var pair in given)
            {
                if (!tool.ParameterMap.TryGetValue(pair.Key, out var parameter))
                {
                    refusal = Format(ToolMessages.UnknownArgument, tool.Name, pair.Key,
                        tool.ParameterMap.Count == 0 ? "none" : string.Join(", ", tool.ParameterMap.Values.Select(p => p.Name)));
                    return false;
                }
                arguments[parameter.Name] = ToPowerShell(pair.Value);
            }
            foreach (var parameter in tool.ParameterMap.Values)
            {
                if (parameter.IsMandatory && !arguments.ContainsKey(parameter.Name))
                {
                    refusal = Format(ToolMessages.MissingArgument, parameter.Name);
                    return false;
                }
            }
            return true;
        }

        /// <summary>JSON objects become hashtables and arrays object[], as PowerShell scripts expect them.</summary>
        private static object? ToPowerShell(object? value)
        {
            switch (value)
            {
                case Dictionary<string, object?> dictionary:
                    var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    foreach (var pair in dictionary)
                    {
                        table[pair.Key] = ToPowerShell(pair.Value);
                    }

                    return table;
                case List<object?> list:
                    return list.Select(ToPowerShell).ToArray();
                default:
                    return value;
            }
        }

        /// <summary>What a command can throw when it fails or its arguments do not bind.</summary>
        private static bool IsToolFailure(Exception ex) =>
            ex is RuntimeException || ex is ArgumentException || ex is InvalidOperationException
            || ex is NotSupportedException || ex is System.IO.IOException || ex is UnauthorizedAccessException;

        private static string MessageOf(Exception ex) =>
            ex is IContainsErrorRecord record && record.ErrorRecord?.ErrorDetails?.Message is string details && details.Length > 0
                ? details
                : ex.Message;

        private static string MessageOf(ErrorRecord error) =>
            error.ErrorDetails?.Message is string details && details.Length > 0 ? details : error.Exception?.Message ?? error.ToString();

        private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
    }
}
