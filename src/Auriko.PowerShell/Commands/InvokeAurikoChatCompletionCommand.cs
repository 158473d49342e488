using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Auriko.PowerShell.Arguments;
using Auriko.PowerShell.Internal;
using Auriko.PowerShell.Tools;

namespace Auriko.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Sends a chat completion request through the Auriko gateway.</para>
    /// <para type="description">Each piped string is one request. The result carries History, so
    /// <c>$r | Invoke-AurikoChatCompletion 'next question'</c> continues the conversation. With -Stream,
    /// each chunk is written the moment it is parsed; the last one has IsFinal = $true and carries
    /// Usage, RoutingMetadata and the aggregated Completion (with History).</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AurikoChatCompletion")]
    [OutputType(typeof(ChatCompletion), typeof(ChatCompletionChunk))]
    public sealed class InvokeAurikoChatCompletionCommand : AurikoApiCmdlet
    {
        private bool _modelOnCommandLine;
        private bool _messageOnCommandLine;
        private RoutingOptions? _routing;
        private Dictionary<string, object?>? _extensions;
        private Dictionary<string, object?>? _metadata;
        private Dictionary<string, object?>? _extraBody;
        private List<object>? _tools;
        private ToolLoop? _toolLoop;
        private object? _toolChoice;
        private object? _responseFormat;
        private object? _stop;
        private List<ContentPart>? _images;
        private AnswerParser? _answerParser;
        private CostLimit? _costLimit;
        private BatchRunner? _batch;

        /// <summary>
        /// The user message. Each string piped in is one request; so is each piped object with a
        /// Prompt (or Question) property, such as a row of Import-Csv.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Prompt", "Question")]
        [AllowEmptyString]
        public string? Message { get; set; }

        /// <summary>
        /// The piped object itself, so the cmdlet can tell a piped string or Prompt property from an
        /// object PowerShell would otherwise turn into its ToString() text (a completion's answer,
        /// "@{...}" for a hashtable row).
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        [AllowNull]
        public object? InputObject { get; set; }

        /// <summary>
        /// Images sent with the message: local files (PNG, JPEG, GIF or WebP, at most 20 MB, sent inline) or http(s)
        /// URLs (sent as they are). The user message becomes a text part followed by one image part per image.
        /// </summary>
        [Parameter]
        [Alias("Images")]
        [ValidateNotNullOrEmpty]
        public string[]? Image { get; set; }

        /// <summary>How closely the model looks at each image: auto, low or high.</summary>
        [Parameter]
        [ValidateSet("auto", "low", "high", IgnoreCase = true)]
        public string? ImageDetail { get; set; }

        /// <summary>System messages, sent first.</summary>
        [Parameter]
        [Alias("system_message", "System")]
        public string[]? SystemMessage { get; set; }

        /// <summary>
        /// Earlier messages: ChatMessage objects or hashtables/objects with role and content (tool
        /// messages and assistant tool calls included). Binds from the History of a piped completion
        /// or final chunk.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyCollection]
        public object[]? History { get; set; }

        /// <summary>
        /// The model (may carry a routing suffix such as gpt-4o:cost). Binds from the Model of a
        /// piped completion when not given. Never together with -Models.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        public string? Model { get; set; }

        /// <summary>Several models to route across (at most 10). Never together with -Model.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        public string[]? Models { get; set; }

        /// <summary>Routing options: a hashtable (snake_case or PascalCase keys) or an [Auriko.RoutingOptions].</summary>
        [Parameter]
        [RoutingOptionsTransformation]
        public RoutingOptions? Routing { get; set; }

        /// <summary>Routing strategy shortcut: cost, cheapest, speed, ttft, throughput, balanced, cost-focus, ttft-focus, tps, tps-focus.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(OptimizeCompleter))]
        public string? Optimize { get; set; }

        /// <summary>Provider passthrough extensions (the top-level 'extensions' object).</summary>
        [Parameter]
        public object? Extensions { get; set; }

        /// <summary>Ask for extended thinking (extensions.thinking.enabled).</summary>
        [Parameter]
        public SwitchParameter Thinking { get; set; }

        /// <summary>Thinking token budget (extensions.thinking.budget_tokens); implies -Thinking.</summary>
        [Parameter]
        [Alias("budget_tokens", "thinking_budget")]
        [ValidateRange(1, int.MaxValue)]
        public int ThinkingBudget { get; set; }

        /// <summary>Request metadata (auriko_metadata).</summary>
        [Parameter]
        [Alias("auriko_metadata", "AurikoMetadata")]
        public object? Metadata { get; set; }

        /// <summary>Tool definitions: tools from New-AurikoTool, or hashtables in OpenAI format.</summary>
        [Parameter]
        public object[]? Tools { get; set; }

        /// <summary>
        /// What happens when the model asks for tools: None (the answer carries the calls), Auto (the
        /// commands given as tools run and the model is asked again until it answers), Confirm (Auto,
        /// asking before each call).
        /// </summary>
        [Parameter]
        public InvokeToolsMode InvokeTools { get; set; } = InvokeToolsMode.None;

        /// <summary>With -InvokeTools: the most rounds of tool calls per request before it stops with an error.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxToolRounds { get; set; } = 8;

        /// <summary>Tool choice: none, auto, required, or a hashtable naming a function.</summary>
        [Parameter]
        [Alias("tool_choice")]
        public object? ToolChoice { get; set; }

        /// <summary>Sampling temperature, 0 to 2.</summary>
        [Parameter]
        public double Temperature { get; set; }

        /// <summary>Maximum tokens to generate (max_tokens).</summary>
        [Parameter]
        [Alias("max_tokens")]
        [ValidateRange(1, int.MaxValue)]
        public int MaxTokens { get; set; }

        /// <summary>Maximum completion tokens, reasoning included (max_completion_tokens).</summary>
        [Parameter]
        [Alias("max_completion_tokens")]
        [ValidateRange(1, int.MaxValue)]
        public int MaxCompletionTokens { get; set; }

        /// <summary>Nucleus sampling, 0 to 1 (top_p).</summary>
        [Parameter]
        [Alias("top_p")]
        public double TopP { get; set; }

        /// <summary>Presence penalty, -2 to 2 (presence_penalty).</summary>
        [Parameter]
        [Alias("presence_penalty")]
        public double PresencePenalty { get; set; }

        /// <summary>Frequency penalty, -2 to 2 (frequency_penalty).</summary>
        [Parameter]
        [Alias("frequency_penalty")]
        public double FrequencyPenalty { get; set; }

        /// <summary>Stop sequences.</summary>
        [Parameter]
        [Alias("stop_sequences")]
        public string[]? Stop { get; set; }

        /// <summary>Seed for deterministic sampling.</summary>
        [Parameter]
        public int Seed { get; set; }

        /// <summary>How many answers to generate (n). Choices holds them all; Content, History and Parsed are the first's.</summary>
        [Parameter]
        [Alias("n")]
        [ValidateRange(1, 128)]
        public int NumberOfAnswers { get; set; }

        /// <summary>Response format: text, json_object, or a hashtable (e.g. a json_schema).</summary>
        [Parameter]
        [Alias("response_format")]
        public object? ResponseFormat { get; set; }

        /// <summary>
        /// The JSON schema the answer must fit: a hashtable or [ordered] dictionary, JSON text, or a class (such as a
        /// PowerShell class) whose public properties make the schema. Sent as a strict json_schema response format;
        /// the answer's Parsed property holds the parsed JSON (an instance of the class when a class was given).
        /// </summary>
        [Parameter]
        [Alias("json_schema")]
        public object? JsonSchema { get; set; }

        /// <summary>The schema's name (json_schema.name); by default the class name, the schema's title, or 'response'.</summary>
        [Parameter]
        public string? JsonSchemaName { get; set; }

        /// <summary>End-user id (user).</summary>
        [Parameter]
        public string? User { get; set; }

        /// <summary>Allow parallel tool calls (parallel_tool_calls).</summary>
        [Parameter]
        [Alias("parallel_tool_calls")]
        public SwitchParameter ParallelToolCalls { get; set; }

        /// <summary>Reasoning effort for models that support it (reasoning_effort).</summary>
        [Parameter]
        [Alias("reasoning_effort")]
        [ValidateSet("minimal", "low", "medium", "high", IgnoreCase = true)]
        public string? ReasoningEffort { get; set; }

        /// <summary>Any extra top-level request fields (extra_body).</summary>
        [Parameter]
        [Alias("extra_body", "AdditionalProperties")]
        public IDictionary? AdditionalBody { get; set; }

        /// <summary>Stream the answer: write each chunk as it arrives.</summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        /// <summary>
        /// How many requests from piped input may be in flight at once (1 to 64; default 1, one after
        /// another). Answers are still written in input order. Not with -Stream.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        /// <summary>Stop sending once the answers' summed CostUsd reaches this many US dollars; requests in flight finish.</summary>
        [Parameter]
        public decimal MaxCostUsd { get; set; }

        /// <summary>Checks and converts the parameters that do not change per input, before any request.</summary>
        protected override void BeginProcessing()
        {
            var bound = MyInvocation.BoundParameters;
            _modelOnCommandLine = bound.ContainsKey(nameof(Model));
            _messageOnCommandLine = bound.ContainsKey(nameof(Message));
            if (_modelOnCommandLine && bound.ContainsKey(nameof(Models)))
            {
                ThrowInvalidArgument("ModelAndModels", Messages.ModelAndModels, Model);
            }
            if (bound.ContainsKey(nameof(Models)) && (Models == null || Models.Length == 0 || Models.Any(string.IsNullOrWhiteSpace)))
            {
                ThrowInvalidArgument("EmptyModels", Messages.EmptyModels, Models);
            }
            if (Stream && ThrottleLimit > 1)
            {
                ThrowInvalidArgument("StreamWithThrottleLimit", Messages.StreamWithThrottleLimit, ThrottleLimit);
            }
            if (InvokeTools != InvokeToolsMode.None && bound.ContainsKey(nameof(NumberOfAnswers)) && NumberOfAnswers > 1)
            {
                ThrowInvalidArgument("InvokeToolsWithSeveralAnswers",
                    string.Format(System.Globalization.CultureInfo.InvariantCulture, Messages.ToolsWithSeveralAnswers, InvokeTools), NumberOfAnswers);
            }
            if (InvokeTools != InvokeToolsMode.None && ThrottleLimit > 1)
            {
                ThrowInvalidArgument("InvokeToolsWithThrottleLimit",
                    string.Format(System.Globalization.CultureInfo.InvariantCulture, Messages.ToolsWithThrottleLimit, InvokeTools), ThrottleLimit);
            }
            if (bound.ContainsKey(nameof(MaxCostUsd)))
            {
                if (MaxCostUsd <= 0)
                {
                    ThrowInvalidArgument("InvalidMaxCostUsd",
                        string.Format(System.Globalization.CultureInfo.InvariantCulture, Messages.BadMaxCostUsd, MaxCostUsd), MaxCostUsd);
                }
                _costLimit = new CostLimit(MaxCostUsd);
            }

            try
            {
                _routing = Routing;
                if (Optimize != null)
                {
                    // A copy: the caller's RoutingOptions may be reused with another -Optimize.
                    _routing = Routing != null ? Routing.Clone() : new RoutingOptions();
                    _routing.Optimize = RoutingOptions.ParseOptimize(Optimize);
                }
                _routing?.Validate();

                _extensions = PlainConverter.ToDictionary(Extensions, "extensions");
                if (Thinking.IsPresent || bound.ContainsKey(nameof(ThinkingBudget)))
                {
                    _extensions ??= new Dictionary<string, object?>(StringComparer.Ordinal);
                    var thinking = _extensions.TryGetValue("thinking", out var existing) && existing is Dictionary<string, object?> d
                        ? d
                        : new Dictionary<string, object?>(StringComparer.Ordinal);
                    thinking["enabled"] = !bound.ContainsKey(nameof(Thinking)) || Thinking.IsPresent;
                    if (bound.ContainsKey(nameof(ThinkingBudget)))
                    {
                        thinking["budget_tokens"] = ThinkingBudget;
                    }

                    _extensions["thinking"] = thinking;
                }
                _metadata = PlainConverter.ToDictionary(Metadata, "auriko_metadata");
                _extraBody = PlainConverter.ToDictionary(AdditionalBody, "additional body");
                var toolSet = ToolSet.From(Tools);
                _tools = toolSet?.Definitions;
                _toolLoop = ToolLoop.Create(InvokeTools, toolSet, MaxToolRounds, this, WriteVerboseLevel);
                _toolChoice = PlainConverter.ToPlain(ToolChoice, "tool_choice");
                _responseFormat = PlainConverter.ToPlain(ResponseFormat, "response_format");
                if (Stop != null)
                {
                    _stop = Stop.Length == 1 ? (object)Stop[0] : Stop.ToList();
                }
            }
            catch (Exception ex) when (ex is AurikoException || ex is ArgumentException)
            {
                ThrowTerminatingError(ErrorRecords.FromException(ex, ParamOf(ex)));
            }

            PrepareImagesAndSchema();

            // Fail before any request when there is no session (no key).
            _ = ResolvedSession;
            if (ThrottleLimit > 1)
            {
                _batch = NewBatch();
            }
        }

        /// <summary>Reads the -Image files once and turns -JsonSchema into the response format, before any request.</summary>
        private void PrepareImagesAndSchema()
        {
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey(nameof(ImageDetail)) && Image == null)
            {
                ThrowInvalidArgument("ImageDetailWithoutImage", Messages.ImageDetailWithoutImage, ImageDetail);
            }
            if (Image != null)
            {
                if (!ImageParts.TryLoad(Image, ImageDetail?.ToLowerInvariant(), SessionState.Path, out var images, out var imageError))
                {
                    ThrowTerminatingError(imageError!);
                }
                _images = images;
            }

            JsonSchemaRequest? schema = null;
            if (JsonSchemaName != null && !bound.ContainsKey(nameof(JsonSchema)))
            {
                ThrowInvalidArgument("JsonSchemaNameWithoutSchema", Messages.SchemaNameWithoutSchema, JsonSchemaName);
            }
            if (bound.ContainsKey(nameof(JsonSchema)))
            {
                if (bound.ContainsKey(nameof(ResponseFormat)))
                {
                    ThrowInvalidArgument("JsonSchemaAndResponseFormat", Messages.SchemaAndResponseFormat, JsonSchema);
                }
                try
                {
                    schema = JsonSchemaBuilder.FromParameter(JsonSchema, JsonSchemaName);
                }
                catch (ArgumentException ex)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, "InvalidJsonSchema", ErrorCategory.InvalidArgument, JsonSchema));
                }
                _responseFormat = schema!.ToResponseFormat();
            }
            _answerParser = AnswerParser.For(schema, _responseFormat);
        }

        /// <summary>Sends one request per input (with -ThrottleLimit, starts it and returns while there is room).</summary>
        protected override void ProcessRecord()
        {
            _batch?.MakeRoom();
            if (!ShouldProcessItem())
            {
                return;
            }

            if (_costLimit != null && !_costLimit.AllowsSend())
            {
                return;
            }

            if (!TryGetMessage(out var message))
            {
                return;
            }

            var request = BuildRequest(message);
            object? target = PipedInput ?? (object?)request.Model ?? request.Models?.ToArray();
            if (_batch != null)
            {
                _batch.Send(request, PipedInput, target);
            }
            else if (Stream)
            {
                RunStream(request, target);
            }
            else
            {
                RunOnce(request, target);
            }
        }

        /// <summary>Writes the batch's last answers, then says what was not sent and why.</summary>
        protected override void EndProcessing()
        {
            _batch?.Finish();
            var costWarning = _costLimit?.Warning();
            if (costWarning != null)
            {
                WriteWarningLevel(costWarning);
            }

            base.EndProcessing();
        }

        /// <summary>The object piped in for this input (the answer's InputObject, the error's TargetObject), or null.</summary>
        private object? PipedInput => MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)) ? InputObject : null;

        private BatchRunner NewBatch() => new BatchRunner(ThrottleLimit, Client, CallOptions, _costLimit,
            new BatchHost(Await, WriteBatchAnswer, WriteItemError, WriteError, BatchHost.ProgressShown(this) ? WriteProgress : (Action<ProgressRecord>?)null, Halt), StopToken);

        /// <summary>
        /// A batch's answer, in input order, read as any answer is: the JSON asked for (an answer that is not
        /// it fails its item, with the piped object as TargetObject), then the gateway's routing warnings.
        /// </summary>
        private void WriteBatchAnswer(object answer)
        {
            if (PSObjects.Unwrap(answer) is ChatCompletion completion)
            {
                WriteRoutingWarnings(completion.RoutingMetadata, completion.RequestId);
                if (_answerParser != null && !_answerParser.TryFill(completion, out var misfit))
                {
                    WriteItemError(misfit!, PSObject.AsPSObject(answer).Properties["InputObject"]?.Value ?? completion.Model);
                    return;
                }
                WriteObject(answer);
                return;
            }
            WriteObject(answer);
        }

        /// <summary>
        /// Unusable input ends the invocation. In a batch, the answers of the earlier inputs are written
        /// first (after this, the pipeline is stopping and takes no more output). Hides the base
        /// methods so every terminating error of this command goes through here.
        /// </summary>
        private new void ThrowTerminatingError(ErrorRecord errorRecord)
        {
            _batch?.Finish();
            base.ThrowTerminatingError(errorRecord);
        }

        /// <inheritdoc cref="ThrowTerminatingError(ErrorRecord)"/>
        private new void ThrowInvalidArgument(string errorId, string message, object? target) =>
            ThrowTerminatingError(ErrorRecords.InvalidArgument(errorId, message, target));

        /// <summary>An input refused before sending; in a batch it waits for its turn, so errors stay in input order.</summary>
        private void WriteInputError(ErrorRecord record)
        {
            if (_batch != null)
            {
                _batch.AddError(record);
            }
            else
            {
                WriteError(record);
            }
        }

        /// <summary>
        /// The message of this input: from the command line, a piped string, or a piped object's
        /// Prompt/Question/Message property. A piped object of another kind is refused (its ToString()
        /// is not a message); a piped completion continues the conversation and needs -Message.
        /// </summary>
        private bool TryGetMessage(out string? message)
        {
            message = Message;
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)))
            {
                return true;
            }

            object? input = PSObjects.Unwrap(InputObject);
            if (_messageOnCommandLine)
            {
                if (!(input is string))
                {
                    return true; // a completion or a row: supplies History, Model
                }

                WriteInputError(ErrorRecords.InvalidArgument("MessageGivenTwice", Messages.MessageGivenTwice, InputObject));
                return false;
            }
            switch (input)
            {
                case string text:
                    message = text;
                    return true;
                case ChatCompletion _:
                case ChatCompletionChunk _:
                    ThrowInvalidArgument("NoMessage", Messages.ContinueNeedsMessage, null);
                    return false;
            }
            if (input != null && Message != null && MessageFromProperty(input, Message))
            {
                return true;
            }

            WriteInputError(ErrorRecords.InvalidArgument("InvalidMessageInput",
                string.Format(System.Globalization.CultureInfo.InvariantCulture, Messages.NotAMessage,
                    input?.GetType().FullName ?? "null"), InputObject));
            return false;
        }

        /// <summary>True when <paramref name="message"/> came from a Message/Prompt/Question property of the input.</summary>
        private static bool MessageFromProperty(object input, string message)
        {
            var properties = PSObject.AsPSObject(input).Properties;
            foreach (var name in new[] { nameof(Message), "Prompt", "Question" })
            {
                var property = properties[name];
                if (property == null)
                {
                    continue;
                }

                object? value = PSObjects.Unwrap(property.Value);
                if (value is string text && string.Equals(text, message, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }

        private ChatCompletionRequest BuildRequest(string? message)
        {
            var bound = MyInvocation.BoundParameters;
            var request = new ChatCompletionRequest();

            // What to ask for: the command line first; when continuing a piped answer, what that answer asked for
            // (its Model property is the provider's dated id, which the gateway may not accept); else a Model
            // property of the piped object; else the session's default model.
            var continued = ContinuedAnswer();
            var routing = _routing;
            if (Models != null && !_modelOnCommandLine)
            {
                request.Models = Models.ToList();
            }
            else if (!_modelOnCommandLine && continued?.Request is ChatCompletionRequest asked)
            {
                request.Model = asked.Model;
                request.Models = asked.Models?.ToList();
                routing ??= asked.Routing?.Clone();
            }
            else
            {
                string? model = continued != null && !_modelOnCommandLine ? continued.RoutingMetadata?.ModelCanonical ?? Model : Model;
                request.Model = !string.IsNullOrWhiteSpace(model) ? model : ResolvedSession.DefaultModel;
                if (request.Model == null)
                {
                    ThrowInvalidArgument("NoModel", Messages.NoModel, null);
                }
            }

            List<ChatMessage> history;
            try
            {
                history = HistoryConverter.ToMessages(History);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "InvalidHistory", ErrorCategory.InvalidArgument, History));
                return request;
            }
            var messages = new List<ChatMessage>();
            if (SystemMessage != null)
            {
                foreach (var system in SystemMessage)
                {
                    bool already = history.Any(m => m.Role == "system" && m.Content is string s && s == system);
                    if (!already)
                    {
                        messages.Add(ChatMessage.System(system));
                    }
                }
            }
            messages.AddRange(history);
            if (message != null)
            {
                messages.Add(_images != null ? ImageParts.UserMessage(message, _images) : ChatMessage.User(message));
            }
            else if (_images != null)
            {
                ThrowInvalidArgument("ImageNeedsMessage", Messages.ImageNeedsMessage, Image);
            }

            if (messages.Count == 0 || messages.All(m => m.Role == "system"))
            {
                ThrowInvalidArgument("NoMessage", Messages.NoMessage, null);
            }
            request.Messages = messages;

            request.Routing = routing;
            request.Extensions = _extensions;
            request.AurikoMetadata = _metadata;
            request.Tools = _tools;
            request.ToolChoice = _toolChoice;
            request.ResponseFormat = _responseFormat;
            request.Stop = _stop;
            request.ExtraBody = _extraBody;
            request.User = User;
            request.ReasoningEffort = ReasoningEffort?.ToLowerInvariant();
            if (bound.ContainsKey(nameof(Temperature)))
            {
                request.Temperature = Temperature;
            }

            if (bound.ContainsKey(nameof(TopP)))
            {
                request.TopP = TopP;
            }

            if (bound.ContainsKey(nameof(PresencePenalty)))
            {
                request.PresencePenalty = PresencePenalty;
            }

            if (bound.ContainsKey(nameof(FrequencyPenalty)))
            {
                request.FrequencyPenalty = FrequencyPenalty;
            }

            if (bound.ContainsKey(nameof(MaxTokens)))
            {
                request.MaxTokens = MaxTokens;
            }

            if (bound.ContainsKey(nameof(MaxCompletionTokens)))
            {
                request.MaxCompletionTokens = MaxCompletionTokens;
            }

            if (bound.ContainsKey(nameof(Seed)))
            {
                request.Seed = Seed;
            }

            if (bound.ContainsKey(nameof(NumberOfAnswers)))
            {
                request.N = NumberOfAnswers;
            }

            if (bound.ContainsKey(nameof(ParallelToolCalls)))
            {
                request.ParallelToolCalls = ParallelToolCalls.IsPresent;
            }

            try
            {
                request.Validate();
            }
            catch (AurikoException ex)
            {
                // Unusable parameters: stop before any request.
                ThrowTerminatingError(ErrorRecords.FromException(ex, ParamOf(ex) ?? (object?)request.Model));
            }
            return request;
        }

        /// <summary>The answer this input continues: a piped completion, or a piped stream's final chunk; else null.</summary>
        private ChatCompletion? ContinuedAnswer()
        {
            return PSObjects.Unwrap(PipedInput) switch
            {
                ChatCompletion completion => completion,
                ChatCompletionChunk chunk => chunk.Completion,
                _ => null,
            };
        }

        private static string? ParamOf(Exception ex) => (ex as AurikoApiException)?.Param;

        private void RunOnce(ChatCompletionRequest request, object? target)
        {
            try
            {
                var completion = Await((call, ct) => Client.CreateChatCompletionAsync(request, call, ct));
                // -InvokeTools: run the tools the answer asks for and ask again, until an answer has none.
                // Every round is billed and may carry the gateway's warnings.
                while (RunRequestedTools(request, completion, target))
                {
                    WriteRoutingWarnings(completion.RoutingMetadata, completion.RequestId);
                    _costLimit?.AddSpending(completion.CostUsd);
                    completion = Await((call, ct) => Client.CreateChatCompletionAsync(request, call, ct));
                }
                WriteRoutingWarnings(completion.RoutingMetadata, completion.RequestId);
                _costLimit?.Add(completion.CostUsd);
                _answerParser?.Fill(completion); // an answer that is not the JSON asked for fails the item
                WriteObject(PSObjects.WithInputObject(completion, PipedInput));
            }
            catch (Exception ex) when (ToolLoop.ErrorRecordFor(ex, target) is { } record)
            {
                WriteError(record);
            }
            catch (Exception ex) when (IsClientError(ex))
            {
                WriteItemError(ex, target);
            }
        }

        /// <summary>
        /// -InvokeTools Auto/Confirm: true when the answer asked for tools, they ran, and the request now
        /// carries the results. A failure of the loop itself (rounds ran out, Confirm cannot ask) throws.
        /// </summary>
        private bool RunRequestedTools(ChatCompletionRequest request, ChatCompletion answer, object? target)
        {
            if (_toolLoop == null)
            {
                return false;
            }

            try
            {
                return _toolLoop.RunRequestedTools(request, answer, StopToken);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (ConfirmUnavailableException ex)
            {
                ThrowTerminatingError(ToolLoop.ErrorRecordFor(ex, target)!);
                return false;
            }
        }

        private void RunStream(ChatCompletionRequest request, object? target)
        {
            // With -InvokeTools, an answer that asks for tools is not the end: its last chunk is not
            // written (it is not final), the tools run, and the next answer streams the same way.
            ChatCompletionChunk? final;
            while ((final = StreamOnce(request, target)) != null)
            {
                try
                {
                    if (RunRequestedTools(request, final.Completion!, target))
                    {
                        // A round of tool calls: billed, and it may carry the gateway's warnings.
                        WriteRoutingWarnings(final.RoutingMetadata, final.RequestId);
                        _costLimit?.AddSpending(final.Completion?.CostUsd ?? final.RoutingMetadata?.CostUsd);
                        continue;
                    }
                }
                catch (Exception ex) when (ToolLoop.ErrorRecordFor(ex, target) is { } record)
                {
                    WriteError(record);
                    return;
                }
                // The final answer: written even when it is not the JSON asked for (its text is already
                // out); the error follows it.
                StructuredOutputException? misfit = null;
                _answerParser?.TryFill(final.Completion!, out misfit);
                _costLimit?.Add(final.Completion?.CostUsd ?? final.RoutingMetadata?.CostUsd);
                WriteObject(PSObjects.WithInputObject(final, PipedInput));
                WriteRoutingWarnings(final.RoutingMetadata, final.RequestId);
                if (misfit != null)
                {
                    WriteItemError(misfit, target);
                }

                return;
            }
        }

        /// <summary>Streams one answer, writing its chunks; returns the final chunk (not written), or null after an error.</summary>
        private ChatCompletionChunk? StreamOnce(ChatCompletionRequest request, object? target)
        {
            ChatCompletionStream stream;
            try
            {
                stream = Await((call, ct) => Client.StreamChatCompletionAsync(request, call, ct));
            }
            catch (Exception ex) when (IsClientError(ex))
            {
                WriteItemError(ex, target);
                return null;
            }

            using (stream)
            {
                // A chunk with visible text is written at once. A chunk without (role-only, finish,
                // usage-only) is held until the next one arrives, so the last chunk written can be
                // marked IsFinal and carry the aggregated completion. Holding it delays no text.
                // Chunks are read on the pipeline thread (a blocking read that the stop token aborts);
                // nothing keeps a chunk once it is written.
                ChatCompletionChunk? held = null;
                try
                {
                    while (MoveNext(stream))
                    {
                        var chunk = stream.Current;
                        if (held != null)
                        {
                            WriteObject(held);
                            held = null;
                        }
                        if (HasText(chunk))
                        {
                            WriteObject(chunk);
                        }
                        else
                        {
                            held = chunk;
                        }
                    }
                }
                catch (Exception ex) when (IsClientError(ex))
                {
                    if (held != null)
                    {
                        WriteObject(held);
                    }

                    WriteItemError(ex, target);
                    return null;
                }

                // A held text-free chunk becomes the final one; when the stream ended on a chunk with
                // text (already written), the final chunk is a new text-free one.
                return stream.CreateFinalChunk(held);
            }
        }

        /// <summary>Reads the next chunk on the pipeline thread and writes the client's events, if any.</summary>
        private bool MoveNext(ChatCompletionStream stream)
        {
            bool moved;
            try
            {
                moved = stream.MoveNext(StopToken);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (IsClientError(ex))
            {
                if (!StopToken.IsCancellationRequested)
                {
                    DrainEvents();
                }

                throw;
            }
            DrainEvents();
            return moved;
        }

        /// <summary>The gateway's routing warnings as PowerShell warnings, once per answer (a stream's: with its final chunk).</summary>
        private void WriteRoutingWarnings(RoutingMetadata? metadata, string? requestId)
        {
            foreach (var text in RoutingWarnings.Texts(metadata, requestId))
            {
                WriteWarningLevel(text);
            }
        }

        private static bool HasText(ChatCompletionChunk chunk) =>
            !string.IsNullOrEmpty(chunk.Content) || !string.IsNullOrEmpty(chunk.ReasoningContent)
            || (chunk.ToolCallDeltas != null && chunk.ToolCallDeltas.Count > 0);
    }
}
