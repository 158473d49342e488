using System;
using System.Collections.Concurrent;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// Collects client events raised on any thread, so the cmdlet can write them to the
    /// Verbose/Debug/Warning streams from the pipeline thread (the only thread allowed to).
    /// </summary>
    internal sealed class QueuedEventSink : IAurikoEventSink
    {
        internal BlockingCollection<AurikoEvent> Queue { get; } = new BlockingCollection<AurikoEvent>();

        public void OnEvent(AurikoEvent e)
        {
            if (e == null) return;
            try { Queue.Add(e); }
            catch (InvalidOperationException) { } // includes ObjectDisposedException
        }
    }
}
