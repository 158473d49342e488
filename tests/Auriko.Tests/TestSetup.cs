using Xunit;

namespace Auriko.Tests
{
    /// <summary>Tests that measure latency run in this collection, which never runs beside another.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class TimingCollection
    {
        public const string Name = "Timing";
    }
}
