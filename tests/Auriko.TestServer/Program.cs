using System.Runtime.InteropServices;
using Auriko.TestServer;

// Standalone emulator: dotnet Auriko.TestServer.dll [--port N] [--no-stdin-watch]
// Prints "AURIKO_TEST_SERVER http://127.0.0.1:PORT" once listening. Exits on stdin EOF (so a
// dying parent takes it down), SIGTERM or Ctrl+C.
int port = 0;
bool watchStdin = true;
for (int i = 0; i < args.Length; i++)
{
    var arg = args[i];
    if (arg == "--port" && i + 1 < args.Length && int.TryParse(args[++i], out var p))
    {
        port = p;
    }
    else if (arg.StartsWith("--port=", StringComparison.Ordinal) && int.TryParse(arg["--port=".Length..], out var p2))
    {
        port = p2;
    }
    else if (arg == "--no-stdin-watch")
    {
        watchStdin = false;
    }
    else
    {
        Console.Error.WriteLine($"Unknown argument '{arg}'. Usage: Auriko.TestServer [--port N] [--no-stdin-watch]");
        return 2;
    }
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });

await using var host = await EmulatorHost.StartAsync(port);
Console.Out.WriteLine($"AURIKO_TEST_SERVER http://127.0.0.1:{host.Port}");
Console.Out.Flush();

if (watchStdin)
{
    var watcher = new Thread(() =>
    {
        try
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (stdin.Read(buffer, 0, buffer.Length) > 0) { }
        }
        catch (IOException)
        {
        }
        stop.TrySetResult();
    })
    { IsBackground = true, Name = "stdin-watch" };
    watcher.Start();
}

await stop.Task;
return 0;
