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
        internal const string ValidationFailed = "The API key could not be validated with GET /me; {0}. {1}";
        internal const string PreviousConnectionUnchanged = "the previous connection (if any) is unchanged";
        internal const string NoSessionCreated = "no session was created and the default connection is unchanged";
        internal const string Connected = "Connected to {0} as {1}.";
        internal const string ReplacedDefault = "Connect-Auriko replaces the default connection {0}; New-AurikoSession makes a connection for -Session without replacing it.";
        internal const string SessionCreated = "Created a session for {0} as {1}; the default connection is unchanged.";
        internal const string BadTimeoutSec = "-TimeoutSec must be more than 0 and at most {1} seconds (was {0}).";
        internal const string RoutingWarning = "Auriko routing warning: {0}";
        internal const string BaseUrlWithoutVersion = "The base URL {0} has no /v1 path, and the API lives under /v1.";
        internal const string UseVersionedBaseUrl = "Use the base URL {0} (Connect-Auriko -BaseUrl, New-AurikoSession -BaseUrl or AURIKO_BASE_URL).";
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

        // -Image
        internal const string ImageEmpty = "-Image has an empty value: give a file path or an http(s) URL.";
        internal const string ImageNotAFile =
            "Image '{0}' is not a file: its path belongs to the {1} provider. Give a file path or an http(s) URL.";
        internal const string ImageNotFound = "Image '{0}' was not found: {1}";
        internal const string ImageNoSuchFile = "there is no such file.";
        internal const string ImageIsFolder = "it is a folder, not a file.";
        internal const string ImageTooLarge =
            "Image '{0}' is {1}; an image sent from a file may be at most {2}. Make it smaller, or pass an http(s) URL to it.";
        internal const string ImageUnreadable = "Image '{0}' could not be read: {1}";
        internal const string ImageTypeUnsupported =
            "Image '{0}' is not a {1} image (its content was checked, not only its name).";
        internal const string ImageDetailWithoutImage = "-ImageDetail needs -Image: it sets the detail of the images sent.";
        internal const string ImageNeedsMessage = "-Image needs a message to go with the images: pass -Message or pipe a string.";

        // -JsonSchema and the answers read from it
        internal const string SchemaAndResponseFormat = "Use -JsonSchema or -ResponseFormat, not both: -JsonSchema sets the response format.";
        internal const string SchemaNameWithoutSchema = "-JsonSchemaName needs -JsonSchema: it names the schema sent.";
        internal const string SchemaBadName = "'{0}' is not a valid schema name: use 1 to 64 letters, digits, '_' or '-' (-JsonSchemaName).";
        internal const string SchemaBadJson = "-JsonSchema is not valid JSON text: {0}";
        internal const string SchemaNotJsonNorType = "-JsonSchema '{0}' is neither JSON text (starting with '{{') nor the name of a type.";
        internal const string SchemaUnsupportedValue =
            "-JsonSchema takes a hashtable or [ordered] dictionary (a JSON schema), JSON text, or a class such as [Ticket] (got {0}).";
        internal const string SchemaRootNotObject =
            "-JsonSchema {0}: the answer's top level must be a JSON object. Give a class with properties, or a hashtable schema of type 'object'.";
        internal const string SchemaTooDeep = "-JsonSchema: {0} is nested more than {1} levels deep.";
        internal const string SchemaFreeForm =
            "-JsonSchema: {0} is {1}, which a strict JSON schema cannot describe (it must name every property). Use a class with properties.";
        internal const string SchemaCollection =
            "-JsonSchema: {0} is {1}; use an array such as [string[]] or a [System.Collections.Generic.List[string]] instead.";
        internal const string SchemaUntypedCollection =
            "-JsonSchema: {0} is {1}, a collection without an element type; use a typed array such as [string[]].";
        internal const string SchemaNoConstructor =
            "-JsonSchema: {0} is {1}, which has no public constructor without parameters, so answers cannot be made into it.";
        internal const string SchemaRecursive =
            "-JsonSchema: {0} is {1} again, inside itself; a strict JSON schema made from a type cannot describe recursion.";
        internal const string SchemaNoProperties = "-JsonSchema: {0} ({1}) has no public settable properties to describe.";

        internal const string AnswerNotJson = "The answer (choice {0}) is not valid JSON: {1} Request id: {2}. The answer: {3}";
        internal const string AnswerNotPSObject =
            "The answer (choice {0}) is JSON but cannot become a PSCustomObject: {1} Request id: {2}. The answer: {3}";
        internal const string AnswerDoesNotFit = "The answer (choice {0}) does not fit {1}: {2} Request id: {3}. The answer: {4}";
        internal const string MismatchNull = "{0} is null, but {1} cannot be null.";
        internal const string MismatchValue = "{0} should be {1} (got {2}).";
        internal const string MismatchMissing = "{0} is missing.";
        internal const string MismatchExtra = "{0} is not a property of {1}.";
        internal const string MismatchConversion = "{0} cannot become {1}: {2}";
        internal const string MismatchEmptyName = "{0} has a property with an empty name.";
        internal const string MismatchDuplicateName = "{0} has the property '{1}' twice (PowerShell property names ignore case).";

        // -ThrottleLimit and -MaxCostUsd
        internal const string StreamWithThrottleLimit =
            "-Stream cannot be combined with -ThrottleLimit above 1: the chunks of answers arriving at the same time would interleave and could not be read. Drop -Stream (each answer then arrives whole, in input order), or stream one prompt at a time.";
        internal const string BadMaxCostUsd = "-MaxCostUsd must be greater than 0 (got {0}).";
        internal const string CostLimitReached =
            "-MaxCostUsd {0} reached: {2} answer(s) cost {1} USD in all; {3} input(s) were not sent.";
        internal const string BatchActivity = "Invoke-AurikoChatCompletion -ThrottleLimit {0}";
        internal const string BatchStatus = "{0} answered, {1} failed, {2} in flight, {3}:{4:00} elapsed, {5} USD so far";
        internal const string BatchPaused = "Paused {0:0.0} s for a rate limit (429)";
        internal const string ToolsWithSeveralAnswers =
            "-InvokeTools {0} cannot be combined with -NumberOfAnswers above 1: only one answer's tool calls could run, and the others' would be silently dropped. Ask for one answer, or use -InvokeTools None.";
        internal const string ToolsWithThrottleLimit =
            "-InvokeTools {0} cannot be combined with -ThrottleLimit above 1: tools are PowerShell commands, which run one at a time in this session. Use -InvokeTools None (tool calls are returned), or send one prompt at a time.";
    }
}
