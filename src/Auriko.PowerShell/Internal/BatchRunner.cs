using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// Runs the piped prompts of one Invoke-AurikoChatCompletion -ThrottleLimit N invocation: up to N
    /// requests in flight at once through the client's async API (one connection pool, no runspace,
    /// no thread per request), answers and errors written in input order.
    /// </summary>
    /// <remarks>
    /// <para>Threads: requests complete on pool threads, which only queue the finished item and wake
    /// the pipeline thread. Everything else (accounting, WriteObject, WriteError, WriteProgress, the
    /// client's events) happens on the pipeline thread, in <see cref="MakeRoom"/> (called before each
    /// input), <see cref="Send"/> and <see cref="Finish"/> (called from EndProcessing).</para>
    /// <para>Memory: at most N requests are in flight, and at most <see cref="HeldPerWorker"/> x N
    /// inputs are held between being read and being written (in flight, or answered and waiting for
    /// an earlier, slower one). When an early request is slow, the batch stops reading input once
    /// that window is full, so nothing piles up behind it.</para>
    /// <para>Stops: a rejected key, missing credits or a budget error halt the invocation (the rest
    /// of the input is counted as not sent); a 429 pauses the whole batch through a
    /// <see cref="RateLimitGate"/> shared by all its calls; Ctrl+C cancels every request in flight.</para>
    /// </remarks>
    internal sealed class BatchRunner
    {
        /// <summary>The reorder window per worker: how many inputs may wait behind a slow one.</summary>
        internal const int HeldPerWorker = 4;

        private static int _lastActivityId = 0x4155_0000;

        private readonly AurikoClient _client;
        private readonly AurikoCallOptions _call;
        private readonly RateLimitGate _gate = new RateLimitGate();
        private readonly CancellationTokenSource _cancel;
        private readonly BatchHost _host;
        private readonly CostLimit? _costLimit;
        private readonly int _throttleLimit;
        private readonly int _window;
        private readonly Queue<Item> _pending = new Queue<Item>();
        private readonly ConcurrentQueue<Item> _completed = new ConcurrentQueue<Item>();
        private readonly BatchProgress? _progress;
        private TaskCompletionSource<bool> _wake = new TaskCompletionSource<bool>();
        private int _inFlight;
        private bool _finished;

        /// <param name="throttleLimit">The most requests in flight at once.</param>
        /// <param name="client">The session's client.</param>
        /// <param name="callOptions">The cmdlet's call options (its event sink); copied, with the batch's rate-limit gate added.</param>
        /// <param name="costLimit">-MaxCostUsd, or null.</param>
        /// <param name="host">The cmdlet's output and control.</param>
        /// <param name="stop">The cmdlet's stop token (Ctrl+C); cancels every request of the batch.</param>
        internal BatchRunner(int throttleLimit, AurikoClient client, AurikoCallOptions callOptions, CostLimit? costLimit, BatchHost host, CancellationToken stop)
        {
            _throttleLimit = throttleLimit;
            _window = throttleLimit * HeldPerWorker;
            _client = client;
            // The command's own -TimeoutSec and -MaxRetries apply to every request of the batch.
            _call = new AurikoCallOptions { Events = callOptions.Events, RateLimitGate = _gate, Timeout = callOptions.Timeout, MaxRetries = callOptions.MaxRetries };
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
            _costLimit = costLimit;
            _host = host;
            if (host.WriteProgress != null)
            {
                _progress = new BatchProgress(Interlocked.Increment(ref _lastActivityId), throttleLimit);
            }
        }

        /// <summary>
        /// Call before each input: writes the answers that are ready and waits while N requests are in
        /// flight, the reorder window is full, or a rate limit pauses the batch.
        /// </summary>
        internal void MakeRoom() => Guarded(() =>
        {
            Pump();
            while (_inFlight >= _throttleLimit || _pending.Count >= _window || _gate.IsPaused)
            {
                WaitForChange();
                Pump();
            }
        });

        /// <summary>Starts the request of one input; its answer (or error) is written in input order.</summary>
        /// <param name="request">The request.</param>
        /// <param name="input">The piped object (the answer's InputObject), or null.</param>
        /// <param name="target">The TargetObject of the item's error.</param>
        internal void Send(ChatCompletionRequest request, object? input, object? target) => Guarded(() =>
        {
            var item = new Item(input, target);
            Task<ChatCompletion> task;
            try
            {
                task = _client.CreateChatCompletionAsync(request, _call, _cancel.Token);
            }
            catch (Exception ex)
            {
                task = Task.FromException<ChatCompletion>(ex);
            }
            item.Task = task;
            _pending.Enqueue(item);
            _inFlight++;
            task.ContinueWith(OnCompleted, item, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            ReportProgress();
        });

        /// <summary>Queues an error found before sending (unusable input), to be written in input order.</summary>
        internal void AddError(ErrorRecord record) => Guarded(() =>
        {
            _pending.Enqueue(new Item(record));
            Pump();
        });

        /// <summary>
        /// Waits for every request still in flight, writing the rest in order, and ends the progress
        /// bar. Does nothing once the batch has been cut short (its requests are cancelled).
        /// </summary>
        internal void Finish() => Guarded(() =>
        {
            if (_finished || _cancel.IsCancellationRequested)
            {
                return;
            }

            Pump();
            while (_pending.Count > 0)
            {
                WaitForChange();
                Pump();
            }
            _finished = true;
            _cancel.Dispose();
            if (_progress != null && _progress.Shown)
            {
                _host.WriteProgress!(_progress.Completed());
            }
        });

        /// <summary>Runs a step; if it fails (Ctrl+C, -ErrorAction Stop, a downstream Select-Object -First), cancels every request in flight.</summary>
        private void Guarded(Action step)
        {
            try
            {
                step();
            }
            catch
            {
                try { _cancel.Cancel(); }
                catch (ObjectDisposedException) { }
                throw;
            }
        }

        private void OnCompleted(Task task, object? state)
        {
            _completed.Enqueue((Item)state!);
            Volatile.Read(ref _wake).TrySetResult(true);
        }

        /// <summary>Accounts for finished requests, then writes every item whose turn has come.</summary>
        private void Pump()
        {
            while (_completed.TryDequeue(out var item))
            {
                Account(item);
            }

            while (_pending.Count > 0 && _pending.Peek().Done)
            {
                Write(_pending.Dequeue());
            }
            ReportProgress();
        }

        /// <summary>
        /// Counts a finished request the moment it finishes (not when its turn to be written comes), so
        /// a halt, a budget error, a rate limit or the cost limit stops new sends at once.
        /// </summary>
        private void Account(Item item)
        {
            _inFlight--;
            item.Done = true;
            var task = item.Task!;
            if (task.Status == TaskStatus.RanToCompletion)
            {
                if (_progress != null)
                {
                    _progress.Answered++;
                }

                var cost = task.Result.CostUsd;
                if (cost.HasValue && _progress != null)
                {
                    _progress.AddCost(cost.Value);
                }

                _costLimit?.Add(cost);
                return;
            }
            if (_progress != null)
            {
                _progress.Failed++;
            }

            var error = Failure(task);
            if (ErrorRecords.AffectsAllItems(error) || error is BudgetExceededException)
            {
                // As today for the key and credits; in a batch a budget error stops new sends too.
                _host.Halt(error);
            }
            else if (error is RateLimitException limited && limited.RetryAfter is TimeSpan wait)
            {
                // Out of retries (or retries off), but the server said how long to hold off: the batch does.
                _gate.PauseFor(wait);
            }
        }

        private void Write(Item item)
        {
            if (item.Error != null)
            {
                _host.WriteError(item.Error);
                return;
            }
            var task = item.Task!;
            if (task.Status == TaskStatus.RanToCompletion)
            {
                _host.WriteAnswer(PSObjects.WithInputObject(task.Result, item.Input));
            }
            else
            {
                _host.WriteItemError(Failure(task), item.Target);
            }
        }

        private static Exception Failure(Task task) =>
            task.Exception?.InnerException ?? (Exception)new OperationCanceledException("The request was cancelled.");

        /// <summary>Blocks the pipeline thread until a request finishes, the rate-limit pause ends, the progress bar is due, or Ctrl+C.</summary>
        private void WaitForChange()
        {
            // Publish a fresh wake-up first, then look: a request finishing in between sets the new one.
            var wake = new TaskCompletionSource<bool>();
            Volatile.Write(ref _wake, wake);
            if (!_completed.IsEmpty)
            {
                return;
            }

            Task until = wake.Task;
            if (_gate.IsPaused)
            {
                until = Task.WhenAny(until, _gate.WaitAsync(_cancel.Token));
            }

            if (_progress != null)
            {
                until = Task.WhenAny(until, _progress.NextTick());
            }

            _host.Wait(until);
        }

        private void ReportProgress()
        {
            if (_progress == null)
            {
                return;
            }

            var record = _progress.Due(_inFlight, _gate.Remaining);
            if (record != null)
            {
                _host.WriteProgress!(record);
            }
        }

        /// <summary>One input between being read and being written.</summary>
        private sealed class Item
        {
            internal Item(object? input, object? target)
            {
                Input = input;
                Target = target;
            }

            internal Item(ErrorRecord error)
            {
                Error = error;
                Done = true;
            }

            internal object? Input { get; }

            internal object? Target { get; }

            /// <summary>The request; null for an input refused before sending.</summary>
            internal Task<ChatCompletion>? Task { get; set; }

            /// <summary>An error found before sending.</summary>
            internal ErrorRecord? Error { get; }

            /// <summary>Finished and accounted for (pipeline thread only).</summary>
            internal bool Done { get; set; }
        }
    }

    /// <summary>What the batch needs from its cmdlet; all called on the pipeline thread.</summary>
    internal sealed class BatchHost
    {
        internal BatchHost(Action<Task> wait, Action<object> writeAnswer, Action<Exception, object?> writeItemError,
            Action<ErrorRecord> writeError, Action<ProgressRecord>? writeProgress, Action<Exception> halt)
        {
            Wait = wait;
            WriteAnswer = writeAnswer;
            WriteItemError = writeItemError;
            WriteError = writeError;
            WriteProgress = writeProgress;
            Halt = halt;
        }

        /// <summary>Blocks until the task completes, writing the client's events meanwhile; throws PipelineStoppedException on Ctrl+C.</summary>
        internal Action<Task> Wait { get; }

        internal Action<object> WriteAnswer { get; }

        /// <summary>Writes a failed request's error (and halts the invocation when the failure is about the account).</summary>
        internal Action<Exception, object?> WriteItemError { get; }

        internal Action<ErrorRecord> WriteError { get; }

        /// <summary>Null when progress would not be shown ($ProgressPreference, -ProgressAction).</summary>
        internal Action<ProgressRecord>? WriteProgress { get; }

        /// <summary>Stops sending: every later input is counted as not sent, and EndProcessing says how many.</summary>
        internal Action<Exception> Halt { get; }

        /// <summary>Whether Write-Progress output would be shown: -ProgressAction if given, else $ProgressPreference.</summary>
        internal static bool ProgressShown(PSCmdlet cmdlet)
        {
            object? preference = cmdlet.MyInvocation.BoundParameters.TryGetValue("ProgressAction", out var bound)
                ? bound
                : cmdlet.GetVariableValue("ProgressPreference");
            if (preference is PSObject wrapped)
            {
                preference = wrapped.BaseObject;
            }

            if (preference == null)
            {
                return true;
            }

            if (!(preference is ActionPreference value) && !Enum.TryParse(preference.ToString(), true, out value))
            {
                return true;
            }

            return value != ActionPreference.SilentlyContinue && value != ActionPreference.Ignore;
        }
    }

    /// <summary>
    /// The batch's Write-Progress record: answered, failed, in flight, elapsed time, cost so far. Shown
    /// only for batches that run longer than <see cref="ShowAfter"/>, refreshed at most every
    /// <see cref="Interval"/>.
    /// </summary>
    internal sealed class BatchProgress
    {
        internal static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(1);
        internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private readonly int _activityId;
        private readonly string _activity;
        private TimeSpan? _lastShown;
        private Task? _tick;
        private decimal _cost;

        internal BatchProgress(int activityId, int throttleLimit)
        {
            _activityId = activityId;
            _activity = string.Format(CultureInfo.InvariantCulture, Messages.BatchActivity, throttleLimit);
        }

        internal int Answered { get; set; }

        internal int Failed { get; set; }

        /// <summary>True once a record has been written (so a Completed record is owed).</summary>
        internal bool Shown { get; private set; }

        internal void AddCost(double cost) => _cost += (decimal)cost;

        /// <summary>A timer the waiting pipeline thread also wakes for, so elapsed time moves while nothing finishes.</summary>
        internal Task NextTick()
        {
            if (_tick == null || _tick.IsCompleted)
            {
                _tick = Task.Delay(Interval);
            }

            return _tick;
        }

        /// <summary>The record to write now, or null when the batch is young or the last one is recent.</summary>
        internal ProgressRecord? Due(int inFlight, TimeSpan paused)
        {
            var now = _elapsed.Elapsed;
            if (now < ShowAfter || (_lastShown.HasValue && now - _lastShown.Value < Interval))
            {
                return null;
            }

            _lastShown = now;
            Shown = true;
            var record = new ProgressRecord(_activityId, _activity, Status(inFlight, now));
            if (paused > TimeSpan.Zero)
            {
                record.CurrentOperation = string.Format(CultureInfo.InvariantCulture, Messages.BatchPaused, paused.TotalSeconds);
            }
            return record;
        }

        /// <summary>The final record, which removes the bar.</summary>
        internal ProgressRecord Completed() =>
            new ProgressRecord(_activityId, _activity, Status(0, _elapsed.Elapsed)) { RecordType = ProgressRecordType.Completed };

        private string Status(int inFlight, TimeSpan elapsed) =>
            string.Format(CultureInfo.InvariantCulture, Messages.BatchStatus, Answered, Failed, inFlight,
                (int)elapsed.TotalMinutes, elapsed.Seconds, _cost);
    }
}
