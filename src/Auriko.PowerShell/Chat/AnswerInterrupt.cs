using System;
using System.Management.Automation.Host;
using System.Threading;

namespace Auriko.PowerShell.Chat
{
    /// <summary>
    /// Makes Ctrl+C stop the answer being written instead of the whole chat. The console host turns
    /// Ctrl+C into "stop the pipeline", which would end Enter-AurikoChat; while an answer runs, Ctrl+C
    /// is read as a key instead (Console.TreatControlCAsInput) by a watcher thread that cancels
    /// <see cref="Token"/>. Only in the console host with a real keyboard; elsewhere <see cref="Token"/>
    /// just follows the pipeline's stop. Keys other than Ctrl+C typed while an answer runs are dropped.
    /// </summary>
    internal sealed class AnswerInterrupt : IDisposable
    {
        private const int PollMilliseconds = 25;

        private readonly CancellationTokenSource _cancel;
        private readonly object _gate = new object();
        private readonly Thread? _watcher;
        private readonly bool _watchKeys;
        private readonly bool _previousTreatControlCAsInput;
        private bool _watching;
        private volatile bool _disposed;

        private AnswerInterrupt(bool watchKeys, CancellationToken pipelineStop)
        {
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(pipelineStop);
            _watchKeys = watchKeys;
            if (!watchKeys)
            {
                return;
            }

            _previousTreatControlCAsInput = Console.TreatControlCAsInput;
            Resume();
            _watcher = new Thread(Watch) { IsBackground = true, Name = "Auriko chat Ctrl+C watcher" };
            _watcher.Start();
        }

        /// <summary>Cancelled by Ctrl+C during the answer, or when the pipeline stops.</summary>
        internal CancellationToken Token => _cancel.Token;

        /// <summary>Starts watching for the length of one answer.</summary>
        internal static AnswerInterrupt Start(PSHost host, CancellationToken pipelineStop) =>
            new AnswerInterrupt(CanWatchKeys(host), pipelineStop);

        /// <summary>Hands the keyboard back (before a confirmation prompt reads it).</summary>
        internal void Pause()
        {
            if (!_watchKeys)
            {
                return;
            }

            lock (_gate)
            {
                _watching = false;
                Console.TreatControlCAsInput = _previousTreatControlCAsInput;
            }
        }

        /// <summary>Takes the keyboard again after <see cref="Pause"/>.</summary>
        internal void Resume()
        {
            if (!_watchKeys)
            {
                return;
            }

            lock (_gate)
            {
                Console.TreatControlCAsInput = true;
                _watching = true;
            }
        }

        /// <summary>Only the console host reads the process's own console; another host (an editor, a remote session) does not.</summary>
        private static bool CanWatchKeys(PSHost host)
        {
            if (!string.Equals(host.Name, "ConsoleHost", StringComparison.Ordinal))
            {
                return false;
            }

            try
            {
                return !Console.IsInputRedirected;
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is InvalidOperationException)
            {
                return false;
            }
        }

        private void Watch()
        {
            while (!_disposed)
            {
                try
                {
                    lock (_gate)
                    {
                        // KeyAvailable first, so ReadKey never blocks while holding the lock.
                        if (_watching && !_disposed && Console.KeyAvailable)
                        {
                            var key = Console.ReadKey(intercept: true);
                            if (IsCtrlC(key))
                            {
                                _cancel.Cancel();
                            }
                        }
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException || ex is System.IO.IOException || ex is ObjectDisposedException)
                {
                    return;
                }
                Thread.Sleep(PollMilliseconds);
            }
        }

        private static bool IsCtrlC(ConsoleKeyInfo key) =>
            key.KeyChar == '\u0003' || (key.Key == ConsoleKey.C && (key.Modifiers & ConsoleModifiers.Control) != 0);

        /// <summary>Stops watching and gives Ctrl+C its usual meaning back.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_watcher != null)
            {
                _watcher.Join();
                Console.TreatControlCAsInput = _previousTreatControlCAsInput;
            }
            _cancel.Dispose();
        }
    }
}
