using System.Threading;
using System.Threading.Tasks;
using Auriko.PowerShell.Internal;
using Xunit;

namespace Auriko.PowerShell.Tests
{
    public sealed class QueuedEventSinkTests
    {
        [Fact]
        public void Retries_always_show_the_rest_only_when_their_stream_would()
        {
            var sink = new QueuedEventSink { VerboseWanted = false, DebugWanted = false };

            Assert.True(sink.Wants(AurikoEventKind.Retry));
            Assert.False(sink.Wants(AurikoEventKind.Request));
            Assert.False(sink.Wants(AurikoEventKind.Response));
            Assert.False(sink.Wants(AurikoEventKind.Info));
            Assert.False(sink.Wants(AurikoEventKind.RequestBody));
            Assert.False(sink.Wants(AurikoEventKind.ResponseBody));

            sink.VerboseWanted = true;
            Assert.True(sink.Wants(AurikoEventKind.Request));
            Assert.True(sink.Wants(AurikoEventKind.Info));
            Assert.False(sink.Wants(AurikoEventKind.ResponseBody));

            sink.DebugWanted = true;
            Assert.True(sink.Wants(AurikoEventKind.RequestBody));
            Assert.True(sink.Wants(AurikoEventKind.ResponseBody));
        }

        [Fact]
        public void Events_come_out_in_the_order_they_went_in()
        {
            var sink = new QueuedEventSink();
            Assert.True(sink.IsEmpty);

            sink.OnEvent(new AurikoEvent(AurikoEventKind.Request, "first"));
            sink.OnEvent(new AurikoEvent(AurikoEventKind.Response, "second"));
            sink.OnEvent(null!);

            Assert.False(sink.IsEmpty);
            Assert.True(sink.TryTake(out var first));
            Assert.Equal("first", first.Message);
            Assert.Equal("second", sink.WaitNext(Task.CompletedTask, CancellationToken.None)!.Message);
            Assert.True(sink.IsEmpty);
            Assert.False(sink.TryTake(out _));
        }

        [Fact]
        public void Waiting_ends_with_null_once_the_call_is_done_or_the_pipeline_stops()
        {
            var sink = new QueuedEventSink();

            Assert.Null(sink.WaitNext(Task.CompletedTask, CancellationToken.None));
            Assert.Null(sink.WaitNext(new TaskCompletionSource<bool>().Task, new CancellationToken(true)));
        }

        [Fact]
        public async Task An_event_from_another_thread_wakes_the_waiting_pipeline_thread_and_so_does_the_end_of_the_call()
        {
            var sink = new QueuedEventSink();
            var call = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            sink.SignalWhenDone(call.Task);

            var waiting = Task.Run(() => sink.WaitNext(call.Task, CancellationToken.None));
            sink.OnEvent(new AurikoEvent(AurikoEventKind.Retry, "retrying"));
            Assert.Equal("retrying", (await waiting.WaitAsync(System.TimeSpan.FromSeconds(30)))!.Message);

            var end = Task.Run(() => sink.WaitNext(call.Task, CancellationToken.None));
            call.SetResult(true);
            Assert.Null(await end.WaitAsync(System.TimeSpan.FromSeconds(30)));
        }
    }
}
