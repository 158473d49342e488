using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// Collects client events raised on any thread, so the cmdlet can write them to the
    /// Verbose/Debug/Warning streams from the pipeline thread (the only thread allowed to).
    /// The pipeline thread waits on the same monitor for the next event, the end of the call it
    /// awaits, or a stop: no token sources, no exceptions on the normal path.
    /// </summary>
    internal sealed class QueuedEventSink : IAurikoEventSink, IAurikoEventFilter
    {
        private static readonly System.Action<Task, object?> SignalOnCompletion = (_, state) => ((QueuedEventSink)state!).Signal();
        private readonly object _gate = new object();
        private readonly Queue<AurikoEvent> _queue = new Queue<AurikoEvent>();
        private int _count;

        /// <summary>Whether Verbose-level events (request, response, info) would be written.</summary>
        internal bool VerboseWanted { get; set; } = true;

        /// <summary>Whether Debug-level events (request and response bodies) would be written.</summary>
        internal bool DebugWanted { get; set; } = true;

        /// <summary>Retries are always queued (as Verbose messages, which PowerShell shows or drops); the rest only when their stream would show them.</summary>
        public bool Wants(AurikoEventKind kind)
        {
            switch (kind)
            {
                case AurikoEventKind.Retry:
                    return true;
                case AurikoEventKind.RequestBody:
                case AurikoEventKind.ResponseBody:
                    return DebugWanted;
                default:
                    return VerboseWanted;
            }
        }

        /// <summary>True when no event is queued (a cheap, lock-free check).</summary>
        internal bool IsEmpty => Volatile.Read(ref _count) == 0;

        public void OnEvent(AurikoEvent e)
        {
            if (e == null)
            {
                return;
            }

            lock (_gate)
            {
                _queue.Enqueue(e);
                _count = _queue.Count;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Wakes a waiting pipeline thread (the awaited call ended, or the pipeline is stopping).</summary>
        internal void Signal()
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Makes <paramref name="task"/>'s completion wake <see cref="WaitNext"/>.</summary>
        internal void SignalWhenDone(Task task) =>
            task.ContinueWith(SignalOnCompletion, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        /// <summary>
        /// The next queued event; or null, without waiting further, once <paramref name="task"/> has
        /// completed or <paramref name="stop"/> is cancelled (call <see cref="SignalWhenDone"/> first).
        /// </summary>
        internal AurikoEvent? WaitNext(Task task, CancellationToken stop)
        {
            lock (_gate)
            {
                while (_queue.Count == 0)
                {
                    if (task.IsCompleted || stop.IsCancellationRequested)
                    {
                        return null;
                    }

                    Monitor.Wait(_gate);
                }
                var e = _queue.Dequeue();
                _count = _queue.Count;
                return e;
            }
        }

        /// <summary>Takes a queued event without waiting.</summary>
        internal bool TryTake(out AurikoEvent e)
        {
            if (IsEmpty)
            {
                e = null!;
                return false;
            }
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    e = null!;
                    return false;
                }
                e = _queue.Dequeue();
                _count = _queue.Count;
                return true;
            }
        }
    }
}
