using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using Auriko.PowerShell.Arguments;
using Auriko.PowerShell.Chat;
using Auriko.PowerShell.Internal;
using Auriko.PowerShell.Tools;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Chats with a model at the console: answers stream as they arrive and the conversation is kept.</para>
    /// <para type="description">Type a message and press Enter. After each answer a dim line shows the
    /// provider, the answer's cost and the chat's total cost. Lines starting with / are commands:
    /// /model, /optimize, /system, /reset, /save and /exit. Ctrl+C during an answer stops that answer.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Enter, "AurikoChat")]
    public sealed class EnterAurikoChatCommand : AurikoApiCmdlet
    {
        private const string CommandList = "/model <name>, /optimize <strategy>, /system <text>, /reset, /save <file>, /exit";

        private string? _model;
        private List<string>? _models;
        private RoutingOptions? _routing;
        private ToolSet? _toolSet;
        private ToolLoop? _toolLoop;
        private List<ChatMessage> _messages = new List<ChatMessage>();
        private double _totalCost;
        private bool _anyCost;
        private ChatConsole _console = null!;

        /// <summary>The model (may carry a routing suffix such as gpt-4o:cost). Default: the session's default model.</summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        public string? Model { get; set; }

        /// <summary>Several models to route across (at most 10). Never together with -Model.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        public string[]? Models { get; set; }

        /// <summary>System messages that start the conversation (/system replaces them).</summary>
        [Parameter]
        [Alias("System")]
        public string[]? SystemMessage { get; set; }

        /// <summary>Earlier messages to continue from, such as a conversation saved with /save.</summary>
        [Parameter]
        [AllowEmptyCollection]
        public object[]? History { get; set; }

        /// <summary>Tools the model may call: tools from New-AurikoTool, or hashtables in OpenAI format.</summary>
        [Parameter]
        public object[]? Tools { get; set; }

        /// <summary>What happens when the model asks for tools: Confirm (the default here: ask before each call), Auto or None.</summary>
        [Parameter]
        public InvokeToolsMode InvokeTools { get; set; } = InvokeToolsMode.Confirm;

        /// <summary>The most rounds of tool calls per answer.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxToolRounds { get; set; } = 8;

        /// <summary>Routing strategy: cost, cheapest, speed, ttft, throughput, balanced, ... (/optimize changes it).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(OptimizeCompleter))]
        public string? Optimize { get; set; }

        /// <summary>Routing options: a hashtable (snake_case or PascalCase keys) or an [Auriko.RoutingOptions].</summary>
        [Parameter]
        [RoutingOptionsTransformation]
        public RoutingOptions? Routing { get; set; }

        /// <summary>Sampling temperature, 0 to 2.</summary>
        [Parameter]
        public double Temperature { get; set; }

        /// <summary>Maximum tokens per answer (max_tokens).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxTokens { get; set; }

        /// <summary>Checks every parameter before the chat starts.</summary>
        protected override void BeginProcessing()
        {
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey(nameof(Model)) && bound.ContainsKey(nameof(Models)))
            {
                ThrowInvalidArgument("ModelAndModels", Messages.ModelAndModels, Model);
            }
            if (bound.ContainsKey(nameof(Models)) && (Models == null || Models.Length == 0 || Models.Any(string.IsNullOrWhiteSpace)))
            {
                ThrowInvalidArgument("EmptyModels", Messages.EmptyModels, Models);
            }
            try
            {
                _routing = Routing?.Clone();
                if (Optimize != null)
                {
                    _routing ??= new RoutingOptions();
                    _routing.Optimize = RoutingOptions.ParseOptimize(Optimize);
                }
                _routing?.Validate();
                _toolSet = ToolSet.From(Tools);
                _messages = HistoryConverter.ToMessages(History);
            }
            catch (Exception ex) when (ex is AurikoException || ex is ArgumentException)
            {
                ThrowTerminatingError(ErrorRecords.FromException(ex, null));
            }
            // -SystemMessage goes first, unless the history already has that message (a saved chat).
            var systems = (SystemMessage ?? Array.Empty<string>())
                .Where(system => !_messages.Any(m => m.Role == "system" && m.Content is string s && s == system))
                .Select(ChatMessage.System)
                .ToList();
            _messages.InsertRange(0, systems);

            _models = Models?.ToList();
            _model = _models == null ? (Model ?? ResolvedSession.DefaultModel) : null;
            if (_model == null && _models == null)
            {
                ThrowInvalidArgument("NoModel", Messages.NoModel, null);
            }

            try
            {
                // Parameters no request could use (an out-of-range -Temperature) stop the chat before it starts.
                NewRequest("-").Validate();
            }
            catch (AurikoException ex)
            {
                ThrowTerminatingError(ErrorRecords.FromException(ex, null));
            }

            _console = new ChatConsole(Host.UI, ChatConsole.WantsStyles(Host.UI, OutputRendering()));
            _toolLoop = ToolLoop.Create(InvokeTools, _toolSet, MaxToolRounds, this, _console.Status);
        }

        /// <summary>The chat: reads a line, answers it or runs the command, until /exit or the end of input.</summary>
        protected override void EndProcessing()
        {
            _console.Status(string.Format(CultureInfo.InvariantCulture, ChatTexts.Banner, ModelText(), CommandList));
            while (true)
            {
                string? line = ReadLine();
                if (line == null)
                {
                    break;
                }

                line = line.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (line[0] == '/')
                {
                    if (!RunChatCommand(line))
                    {
                        break;
                    }

                    continue;
                }
                Answer(line);
            }
            base.EndProcessing();
        }

        private string? ReadLine()
        {
            try
            {
                return _console.ReadLine();
            }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is HostException || ex is NotImplementedException)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(ChatTexts.NeedsInteractiveHost, ex),
                    "ChatNeedsInteractiveHost", ErrorCategory.InvalidOperation, null));
                return null;
            }
        }

        /// <summary>One question: the answer streams to the console, tools run as -InvokeTools says, then the cost line.</summary>
        private void Answer(string line)
        {
            var request = NewRequest(line);

            double cost = 0;
            bool anyCost = false;
            string? provider = null;
            using (var interrupt = AnswerInterrupt.Start(Host, StopToken))
            {
                if (_toolLoop != null)
                {
                    _toolLoop.BeforePrompt = interrupt.Pause;
                    _toolLoop.AfterPrompt = interrupt.Resume;
                }
                try
                {
                    request.Validate();
                    while (true)
                    {
                        var completion = StreamAnswer(request, interrupt);
                        if (completion.CostUsd is double c)
                        {
                            cost += c;
                            anyCost = true;
                        }
                        provider = completion.Provider ?? provider;
                        if (completion.ToolCalls.Count > 0 && _toolLoop == null)
                        {
                            // Nothing runs with -InvokeTools None; unanswered calls would make the next request invalid.
                            _console.Status(string.Format(CultureInfo.InvariantCulture, ChatTexts.ToolsNotRun,
                                string.Join(", ", completion.ToolCalls.Select(t => t.FunctionName))));
                            _messages = request.Messages.ToList();
                            break;
                        }
                        if (_toolLoop == null || !_toolLoop.RunRequestedTools(request, completion, interrupt.Token))
                        {
                            _messages = completion.History.ToList();
                            break;
                        }
                    }
                    AddCost(cost, anyCost);
                    _console.Status(CostLine(provider, cost, anyCost));
                }
                catch (OperationCanceledException) when (!StopToken.IsCancellationRequested)
                {
                    // Ctrl+C: this answer stops, the chat goes on; the unanswered question is not kept.
                    AddCost(cost, anyCost);
                    _console.Status(ChatTexts.Stopped);
                }
                catch (OperationCanceledException)
                {
                    throw new PipelineStoppedException();
                }
                catch (ToolRoundsExhaustedException ex)
                {
                    _console.EndLine();
                    WriteError(ToolLoop.ErrorRecordFor(ex, line));
                    _messages = ex.History.ToList();
                    AddCost(cost, anyCost);
                }
                catch (ConfirmUnavailableException ex)
                {
                    ThrowTerminatingError(ToolLoop.ErrorRecordFor(ex, line)!);
                }
                catch (Exception ex) when (IsClientError(ex))
                {
                    _console.EndLine();
                    WriteError(ErrorRecords.FromException(ex, (object?)_model ?? _models?.ToArray()));
                    AddCost(cost, anyCost);
                }
            }
        }

        /// <summary>The request for the next question: the conversation so far, then the question.</summary>
        private ChatCompletionRequest NewRequest(string question)
        {
            var request = new ChatCompletionRequest
            {
                Model = _model,
                Models = _models,
                Messages = new List<ChatMessage>(_messages) { ChatMessage.User(question) },
                Routing = _routing,
                Tools = _toolSet?.Definitions,
            };
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey(nameof(Temperature)))
            {
                request.Temperature = Temperature;
            }

            if (bound.ContainsKey(nameof(MaxTokens)))
            {
                request.MaxTokens = MaxTokens;
            }

            return request;
        }

        /// <summary>Streams one answer's text to the console; returns the whole answer.</summary>
        private ChatCompletion StreamAnswer(ChatCompletionRequest request, AnswerInterrupt interrupt)
        {
            var token = interrupt.Token;
            var started = Client.StreamChatCompletionAsync(request, CallOptions, token);
            Await(started);
            using (var stream = started.GetAwaiter().GetResult())
            {
                while (stream.MoveNext(token))
                {
                    DrainEvents();
                    var content = stream.Current.Content;
                    if (!string.IsNullOrEmpty(content))
                    {
                        _console.Write(content!);
                    }
                }
                DrainEvents();
                return stream.GetFinalCompletion();
            }
        }

        private void AddCost(double cost, bool anyCost)
        {
            _totalCost += cost;
            _anyCost |= anyCost;
        }

        private string CostLine(string? provider, double cost, bool anyCost) =>
            string.Format(CultureInfo.InvariantCulture, ChatTexts.CostLine, provider ?? "unknown provider",
                anyCost ? Usd(cost) : "unknown", _anyCost ? Usd(_totalCost) : "unknown");

        private static string Usd(double value) => "$" + value.ToString("0.00####", CultureInfo.InvariantCulture);

        private string ModelText() => _models != null ? string.Join(", ", _models) : _model ?? string.Empty;

        /// <summary>Runs a /command; false for /exit.</summary>
        private bool RunChatCommand(string line)
        {
            int space = line.IndexOf(' ');
            string name = (space < 0 ? line : line.Substring(0, space)).ToLowerInvariant();
            string argument = space < 0 ? string.Empty : line.Substring(space + 1).Trim();
            switch (name)
            {
                case "/exit":
                case "/quit":
                    return false;
                case "/model":
                    if (argument.Length > 0)
                    {
                        _model = argument;
                        _models = null;
                    }
                    _console.Status("model: " + ModelText());
                    return true;
                case "/optimize":
                    SetOptimize(argument);
                    return true;
                case "/system":
                    _messages.RemoveAll(m => m.Role == "system");
                    if (argument.Length > 0)
                    {
                        _messages.Insert(0, ChatMessage.System(argument));
                    }

                    _console.Status(argument.Length > 0 ? ChatTexts.SystemSet : ChatTexts.SystemCleared);
                    return true;
                case "/reset":
                    _messages = _messages.Where(m => m.Role == "system").ToList();
                    _console.Status(ChatTexts.ResetDone);
                    return true;
                case "/save":
                    Save(argument);
                    return true;
                case "/help":
                case "/?":
                    _console.Status(ChatTexts.Help + CommandList);
                    return true;
                default:
                    _console.Status(string.Format(CultureInfo.InvariantCulture, ChatTexts.UnknownCommand, name, CommandList));
                    return true;
            }
        }

        private void SetOptimize(string strategy)
        {
            if (strategy.Length == 0)
            {
                _console.Status(ChatTexts.OptimizeUsage);
                return;
            }
            try
            {
                var routing = _routing?.Clone() ?? new RoutingOptions();
                routing.Optimize = RoutingOptions.ParseOptimize(strategy);
                _routing = routing;
                _console.Status("optimize: " + RoutingOptions.ToWireName(routing.Optimize.GetValueOrDefault()));
            }
            catch (AurikoException ex)
            {
                _console.EndLine();
                WriteError(ErrorRecords.FromException(ex, strategy));
            }
        }

        private void Save(string file)
        {
            if (file.Length == 0)
            {
                _console.Status(ChatTexts.SaveUsage);
                return;
            }
            try
            {
                string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(file);
                HistoryFile.Save(_messages, path);
                _console.Status(string.Format(CultureInfo.InvariantCulture, ChatTexts.Saved, _messages.Count, path));
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ArgumentException
                || ex is NotSupportedException || ex is ProviderNotFoundException || ex is DriveNotFoundException || ex is PSInvalidOperationException)
            {
                _console.EndLine();
                WriteError(new ErrorRecord(ex, "ChatSaveFailed", ErrorCategory.WriteError, file));
            }
        }

        /// <summary>$PSStyle.OutputRendering on PowerShell 7 (null on Windows PowerShell).</summary>
        private object? OutputRendering()
        {
            var style = GetVariableValue("PSStyle");
            return style == null ? null : PSObject.AsPSObject(style).Properties["OutputRendering"]?.Value;
        }
    }
}
