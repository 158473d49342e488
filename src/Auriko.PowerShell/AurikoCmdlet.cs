using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell
{
    /// <summary>
    /// The base of every Auriko API cmdlet: resolves the session (-Session, else the default from
    /// Connect-Auriko, else AURIKO_API_KEY / AURIKO_BASE_URL), cancels the call when the pipeline
    /// stops (Ctrl+C), writes the client's events to Verbose/Debug/Warning from the pipeline
    /// thread, and turns typed exceptions into ErrorRecords.
    /// </summary>
    public abstract class AurikoCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly QueuedEventSink _events = new QueuedEventSink();
        private readonly DebugBodyLabels _bodyLabels = new DebugBodyLabels();
        private AurikoSession? _resolved;
        private AurikoCallOptions? _callOptions;
        private bool _shownChecked;
        private bool _disposed;

        /// <summary>A session given explicitly (the -Session parameter of API cmdlets), or null.</summary>
        protected virtual AurikoSession? ExplicitSession => null;

        /// <summary>Cancelled when the pipeline is stopped (Ctrl+C, Select-Object -First, PowerShell.Stop()).</summary>
        protected CancellationToken StopToken => _stop.Token;

        /// <summary>Whether the cmdlet needs an API key (discovery endpoints do not).</summary>
        protected virtual bool RequiresApiKey => true;

        private Exception? _haltedBy;
        private int _skipped;

        /// <summary>
        /// True after a failure about the account rather than the item (a rejected API key, no
        /// credits, no workspace for the key): every later item would fail the same way.
        /// </summary>
        protected bool Halted => _haltedBy != null;

        /// <summary>Marks the rest of the input as skipped because of <paramref name="cause"/>.</summary>
        protected void Halt(Exception cause) => _haltedBy ??= cause;

        /// <summary>
        /// Call before each input (and each id of an array): false, and the input counted as
        /// skipped, once the invocation has halted.
        /// </summary>
        protected bool ShouldProcessItem()
        {
            if (!Halted)
            {
                return true;
            }

            _skipped++;
            return false;
        }

        /// <summary>After a halt, says how many inputs were skipped, so none disappears silently.</summary>
        protected override void EndProcessing()
        {
            if (_haltedBy != null && _skipped > 0)
            {
                WriteWarningLevel(string.Format(CultureInfo.InvariantCulture, Messages.SkippedAfterHalt, _skipped,
                    ErrorRecords.ErrorId(_haltedBy), _haltedBy.Message));
            }
        }

        /// <summary>The session this invocation uses. Terminates with a clear error when there is none.</summary>
        protected AurikoSession ResolvedSession
        {
            get
            {
                if (_resolved != null)
                {
                    return _resolved;
                }

                var session = ExplicitSession ?? AurikoSession.Default ?? EnvironmentSession(allowNoKey: !RequiresApiKey);
                if (session == null || (RequiresApiKey && !session.HasApiKey))
                {
                    ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(Messages.NoSession), "NoAurikoSession",
                        ErrorCategory.AuthenticationError, null));
                }
                _resolved = session;
                // Formatted only when it would be shown (the same test as for the client's Verbose events).
                if (VerboseShown)
                {
                    WriteVerboseLevel(string.Format(CultureInfo.InvariantCulture, "Using {0} session {1}", session!.Source, session));
                }

                return session!;
            }
        }

        /// <summary>
        /// The session from AURIKO_API_KEY / AURIKO_BASE_URL, or null; terminates with
        /// InvalidEnvironmentConfiguration when the variables are unusable (a bad base URL).
        /// </summary>
        protected AurikoSession? EnvironmentSession(bool allowNoKey)
        {
            try
            {
                return SessionFactory.FromEnvironment(allowNoKey);
            }
            catch (Exception ex) when (ex is AurikoException || ex is ArgumentException || ex is UriFormatException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "InvalidEnvironmentConfiguration", ErrorCategory.InvalidArgument,
                    SessionFactory.EnvironmentBaseUrl)
                {
                    // Name the variables: the user set them somewhere else (a profile, a CI secret) and must know where to look.
                    ErrorDetails = new ErrorDetails(Messages.EnvironmentUnusable(ex.Message)),
                });
                return null;
            }
        }

        /// <summary>The client of the resolved session.</summary>
        protected AurikoClient Client => ResolvedSession.Client;

        /// <summary>Per-call options that route the client's events to this cmdlet.</summary>
        protected AurikoCallOptions CallOptions => _callOptions ??= NewCallOptions();

        /// <summary>Whether Verbose messages would be shown (under -Debug, as debug lines).</summary>
        private bool VerboseShown
        {
            get
            {
                CheckShownStreams();
                return _events.VerboseWanted;
            }
        }

        /// <summary>This call's timeout instead of the session's (the API cmdlets' -TimeoutSec), or null.</summary>
        protected virtual TimeSpan? CallTimeout => null;

        /// <summary>This call's retry count instead of the session's (the API cmdlets' -MaxRetries), or null.</summary>
        protected virtual int? CallMaxRetries => null;

        private AurikoCallOptions NewCallOptions()
        {
            CheckShownStreams();
            return new AurikoCallOptions { Events = _events, Timeout = CallTimeout, MaxRetries = CallMaxRetries };
        }

        /// <summary>Once per invocation: the client builds Verbose/Debug event text only when those streams would show it.</summary>
        private void CheckShownStreams()
        {
            if (_shownChecked)
            {
                return;
            }

            _shownChecked = true;
            bool debug = Shows("Debug", "DebugPreference");
            _events.DebugWanted = debug;
            _events.VerboseWanted = debug || Shows("Verbose", "VerbosePreference");
        }

        /// <summary>Whether messages of a stream are shown: the common parameter if given, else the preference variable.</summary>
        private bool Shows(string switchName, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(switchName, out var bound))
            {
                return bound is SwitchParameter sw ? sw.IsPresent : LanguagePrimitives.IsTrue(bound);
            }
            ActionPreference preference;
            switch (GetVariableValue(preferenceVariable))
            {
                case ActionPreference value:
                    preference = value;
                    break;
                case null:
                    return false;
                case object other when Enum.TryParse(other.ToString(), true, out ActionPreference parsed):
                    preference = parsed;
                    break;
                default:
                    return true;
            }
            return preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;
        }

        /// <summary>Cancels the running call at once.</summary>
        protected override void StopProcessing()
        {
            try { _stop.Cancel(); }
            catch (ObjectDisposedException) { }

            // Wakes a pipeline thread waiting in Await (it checks the token under the same lock, so no wake-up is lost).
            _events.Signal();
        }

        /// <summary>
        /// Runs an asynchronous client call and, while it runs, writes its events from the
        /// pipeline thread. Returns as soon as the call completes or the pipeline is stopped.
        /// </summary>
        protected T Await<T>(Func<AurikoCallOptions, CancellationToken, Task<T>> call)
        {
            Task<T> task;
            try
            {
                task = call(CallOptions, StopToken);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            Await(task);
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Waits for a task, pumping client events to the output streams meanwhile.</summary>
        protected void Await(Task task)
        {
            if (!task.IsCompleted)
            {
                _events.SignalWhenDone(task);
                AurikoEvent? e;
                while ((e = _events.WaitNext(task, StopToken)) != null)
                {
                    WriteEvent(e);
                }
            }
            DrainEvents();
            if (StopToken.IsCancellationRequested)
            {
                // Observe the abandoned task's exception so it never surfaces later.
                task.ContinueWith(t => { _ = t.Exception; }, TaskScheduler.Default);
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Writes every queued client event now (a cheap check when there is none).</summary>
        protected void DrainEvents()
        {
            if (_events.IsEmpty)
            {
                return;
            }

            while (_events.TryTake(out var e))
            {
                WriteEvent(e);
            }
        }

        private void WriteEvent(AurikoEvent e)
        {
            switch (e.Kind)
            {
                case AurikoEventKind.Retry:
                    // Verbose, as Invoke-RestMethod does: a call that succeeds after a retry needs no action, and in a
                    // scheduled job's log a warning means something to act on. The message names the request, the
                    // failure, the wait and the attempt.
                    WriteVerboseLevel(FormatEvent(e));
                    break;
                case AurikoEventKind.RequestBody:
                case AurikoEventKind.ResponseBody:
                    WriteDebugLevel(_bodyLabels.Label(e));
                    break;
                default:
                    _bodyLabels.Observe(e);
                    WriteVerboseLevel(FormatEvent(e));
                    break;
            }
        }

        /// <summary>
        /// Writes a Verbose message. Under -Debug alone, PowerShell turns a compiled cmdlet's verbose
        /// and warning preferences into Inquire (a prompt per message); the user asked to see detail,
        /// not to confirm each line, so the message becomes a debug message, as it is: PowerShell adds
        /// its own "DEBUG: " prefix, and a second one ("DEBUG: VERBOSE: ") would only be noise.
        /// </summary>
        protected void WriteVerboseLevel(string message)
        {
            if (DebugWithoutFlag("Verbose"))
            {
                WriteDebugLevel(message);
            }
            else
            {
                WriteVerbose(message);
            }
        }

        /// <summary>
        /// Writes a Warning. Under -Debug alone it becomes a debug message, without a prompt and without a second
        /// prefix (see <see cref="WriteVerboseLevel"/>), unless $WarningPreference silences warnings; the texts say
        /// what they are ("Retrying ...", "Auriko routing warning: ..."). With -WarningAction, a real warning.
        /// </summary>
        protected void WriteWarningLevel(string message)
        {
            if (!DebugWithoutFlag("WarningAction"))
            {
                WriteWarning(message);
            }
            else if (Shows("WarningAction", "WarningPreference"))
            {
                WriteDebugLevel(message);
            }
        }

        /// <summary>
        /// Writes a Debug message. On Windows PowerShell 5.1, -Debug sets DebugPreference to Inquire,
        /// so WriteDebug would prompt for every line; there the text goes straight to the host
        /// (shown, never a prompt). PowerShell 7 maps -Debug to Continue, so WriteDebug is used.
        /// </summary>
        protected void WriteDebugLevel(string message)
        {
            if (DebugPromptsPerLine(MyInvocation.BoundParameters))
            {
                Host.UI.WriteDebugLine(message);
            }
            else
            {
                WriteDebug(message);
            }
        }

        /// <summary>True when -Debug is given on Windows PowerShell (Desktop), where it means Inquire.</summary>
        internal static bool DebugPromptsPerLine(System.Collections.Generic.IDictionary<string, object> boundParameters) =>
            DebugPromptsPerLine(boundParameters, IsDesktopEdition);

        internal static bool DebugPromptsPerLine(System.Collections.Generic.IDictionary<string, object> boundParameters, bool desktop) =>
            desktop && boundParameters.TryGetValue("Debug", out var debug) && debug is SwitchParameter sw && sw.IsPresent;

        private static readonly bool IsDesktopEdition =
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        private bool DebugWithoutFlag(string other)
        {
            var bound = MyInvocation.BoundParameters;
            return bound.TryGetValue("Debug", out var debug) && debug is SwitchParameter sw && sw.IsPresent
                && !bound.ContainsKey(other);
        }

        /// <summary>The event's own (already redacted) message, plus any structured fields it leaves out.</summary>
        private static string FormatEvent(AurikoEvent e)
        {
            var sb = new StringBuilder(e.Message ?? string.Empty);
            void Add(string label, string? value)
            {
                if (string.IsNullOrEmpty(value))
                {
                    return;
                }

                if (sb.ToString().IndexOf(value!, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return;
                }

                sb.Append(sb.Length == 0 ? string.Empty : "; ").Append(label).Append(value);
            }
            Add(string.Empty, e.Method);
            Add(string.Empty, e.Url?.ToString());
            Add("status ", e.StatusCode?.ToString(CultureInfo.InvariantCulture));
            if (e.ElapsedMs.HasValue && sb.ToString().IndexOf(" ms", StringComparison.Ordinal) < 0)
            {
                Add("latency ", e.ElapsedMs.Value.ToString("0", CultureInfo.InvariantCulture) + " ms");
            }
            Add("request ", e.RequestId);
            Add("provider ", e.Provider);
            return sb.ToString();
        }

        /// <summary>
        /// Reports a failed item: one non-terminating error (respects -ErrorAction). When the
        /// failure is about the account (the API key is rejected, no credits left), every following
        /// item would fail the same way: the rest are skipped, and one warning at the end says how
        /// many. Anything else (403, budgets, timeouts, connection errors) fails only its item.
        /// </summary>
        protected void WriteItemError(Exception exception, object? target)
        {
            if (exception is OperationCanceledException && StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            if (ErrorRecords.AffectsAllItems(exception))
            {
                Halt(exception);
            }

            WriteError(ErrorRecords.FromException(exception, target, _resolved?.BaseUrl));
        }

        /// <summary>True for the exceptions a client call reports for one request (API, connection and transport errors).</summary>
        protected static bool IsClientError(Exception exception) =>
            exception is AurikoException || exception is System.Net.Http.HttpRequestException;

        /// <summary>
        /// Writes the whole list when <paramref name="ids"/> is empty, else one get per id; a failed
        /// id fails only itself (unless the failure halts the invocation).
        /// </summary>
        protected void WriteListOrGet<T>(string[]? ids, Func<AurikoCallOptions, CancellationToken, Task<IReadOnlyList<T>>> list,
            object? listTarget, Func<string, AurikoCallOptions, CancellationToken, Task<T>> get)
        {
            if (ids == null || ids.Length == 0)
            {
                if (!ShouldProcessItem())
                {
                    return;
                }

                try
                {
                    foreach (var item in Await(list))
                    {
                        WriteObject(item);
                    }
                }
                catch (Exception ex) when (IsClientError(ex))
                {
                    WriteItemError(ex, listTarget);
                }
                return;
            }
            foreach (var id in ids)
            {
                if (!ShouldProcessItem())
                {
                    continue;
                }

                try
                {
                    WriteObject(Await((call, token) => get(id, call, token)));
                }
                catch (Exception ex) when (IsClientError(ex))
                {
                    WriteItemError(ex, id);
                }
            }
        }

        /// <summary>
        /// -Name filtering over a list fetched once per invocation: writes the items any name (or
        /// wildcard) matches, then one ObjectNotFound error per plain name that matched nothing.
        /// </summary>
        protected void WriteMatching<T>(string[]? names, Func<IReadOnlyList<T>> fetchOnce, Func<T, string?[]> keys,
            string noun, string notFoundErrorId)
        {
            if (!ShouldProcessItem())
            {
                return;
            }

            var filter = new NameFilter(names);
            IReadOnlyList<T> all;
            try
            {
                all = fetchOnce();
            }
            catch (Exception ex) when (IsClientError(ex))
            {
                WriteItemError(ex, names == null ? null : string.Join(", ", names));
                return;
            }
            foreach (var item in all)
            {
                if (filter.IsMatch(keys(item)))
                {
                    WriteObject(item);
                }
            }
            foreach (var missing in filter.Unmatched())
            {
                WriteError(new ErrorRecord(
                    new ItemNotFoundException(string.Format(CultureInfo.InvariantCulture, Messages.NameNotFound, noun, missing)),
                    notFoundErrorId, ErrorCategory.ObjectNotFound, missing));
            }
        }

        /// <summary>Terminates for unusable input, before any request.</summary>
        protected void ThrowInvalidArgument(string errorId, string message, object? target) =>
            ThrowTerminatingError(ErrorRecords.InvalidArgument(errorId, message, target));

        /// <summary>Releases the cancellation source.</summary>
        public void Dispose()
        {
            GC.SuppressFinalize(this);
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            // A call still running when the pipeline ends (a batch cut short by an error) is abandoned:
            // cancel it, so its connection is released. The event queue is not disposed: an abandoned
            // call may still raise an event.
            try { _stop.Cancel(); }
            catch (ObjectDisposedException) { }
            _stop.Dispose();
        }
    }
}
