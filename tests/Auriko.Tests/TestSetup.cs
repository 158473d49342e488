using System.Runtime.CompilerServices;
using System.Threading;
using Xunit;

namespace Auriko.Tests
{
    internal static class TestSetup
    {
        /// <summary>
        /// The emulator runs in this process and shares its thread pool with the clients under test, whose synchronous
        /// stream reads each hold a pool thread. On a 2-core machine the default minimum (2) then starves the server
        /// for seconds at a time; a real client talks to a server elsewhere, so give the shared pool room.
        /// </summary>
        [ModuleInitializer]
        internal static void Initialize()
        {
            ThreadPool.GetMinThreads(out var worker, out var io);
            ThreadPool.SetMinThreads(worker < 64 ? 64 : worker, io < 64 ? 64 : io);
        }
    }

    /// <summary>Tests that measure latency run in this collection, which never runs beside another.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class TimingCollection
    {
        public const string Name = "Timing";
    }
}
