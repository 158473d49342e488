using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;

namespace Auriko.Tests.Reliability
{
    /// <summary>One fuzz input: what it exercises, how it was made, and the code that feeds it to the parser under test.</summary>
    internal sealed class FuzzCase
    {
        public FuzzCase(string target, string how, byte[] input, Action run)
        {
            Target = target;
            How = how;
            Input = input;
            Run = run;
        }

        public string Target { get; }

        public string How { get; }

        public byte[] Input { get; }

        public Action Run { get; }
    }

    /// <summary>
    /// Seeded, time-bounded fuzz loop. Input number i is generated from <c>new Random(seed + i)</c> alone, so any failure
    /// reproduces from (seed, index) whatever the machine speed; the time budget only decides how many inputs run.
    /// An input passes when it is accepted or rejected with an <see cref="AurikoException"/> that does not wrap a
    /// programming error; anything else escaping, or an input running longer than the per-input timeout, is a failure.
    /// Environment overrides: AURIKO_FUZZ_SEED, AURIKO_FUZZ_SECONDS (longer local runs).
    /// </summary>
    internal sealed class FuzzRun
    {
        /// <summary>Exception types that mean a bug in our code even when wrapped inside a typed error.</summary>
        private static readonly Type[] Defects =
        {
            typeof(NullReferenceException), typeof(IndexOutOfRangeException), typeof(ArgumentOutOfRangeException),
            typeof(InvalidCastException), typeof(OverflowException), typeof(KeyNotFoundException), typeof(DivideByZeroException),
            typeof(ArrayTypeMismatchException), typeof(NotImplementedException), typeof(StackOverflowException),
        };

        private readonly List<string> _failures = new List<string>();
        private readonly Dictionary<string, int[]> _byTarget = new Dictionary<string, int[]>(StringComparer.Ordinal);

        public FuzzRun(string name, int seed, TimeSpan budget, int maxInputs, TimeSpan perInputTimeout)
        {
            Name = name;
            Seed = int.TryParse(Environment.GetEnvironmentVariable("AURIKO_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : seed;
            Budget = double.TryParse(Environment.GetEnvironmentVariable("AURIKO_FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : budget;
            MaxInputs = Environment.GetEnvironmentVariable("AURIKO_FUZZ_SECONDS") is null ? maxInputs : int.MaxValue;
            PerInputTimeout = perInputTimeout;
        }

        public string Name { get; }

        public int Seed { get; }

        public TimeSpan Budget { get; }

        public int MaxInputs { get; }

        public TimeSpan PerInputTimeout { get; }

        public int Inputs { get; private set; }

        public int Accepted { get; private set; }

        public int Rejected { get; private set; }

        public int FailureCount { get; private set; }

        public int Hangs { get; private set; }

        public double Seconds { get; private set; }

        public IReadOnlyList<string> Failures => _failures;

        /// <summary>Runs inputs until the budget or <see cref="MaxInputs"/> is used up (or an input hangs: its thread is lost).</summary>
        public void Run(Func<Random, int, FuzzCase> make)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < MaxInputs && watch.Elapsed < Budget; i++)
            {
                var fuzzCase = make(new Random(unchecked(Seed + i)), i);
                Inputs++;
                var counts = Counts(fuzzCase.Target);
                counts[0]++;
                var task = Task.Run(() => Classify(fuzzCase.Run));
                if (!task.Wait(PerInputTimeout))
                {
                    Hangs++;
                    Fail(i, fuzzCase, $"no result within {PerInputTimeout.TotalSeconds:0.#} s (hang)");
                    counts[2]++;
                    break;
                }

                var error = task.Result;
                if (error is null)
                {
                    Accepted++;
                }
                else if (error.Value.Failure is null)
                {
                    Rejected++;
                    counts[1]++;
                }
                else
                {
                    counts[2]++;
                    Fail(i, fuzzCase, error.Value.Failure);
                }
            }

            Seconds = watch.Elapsed.TotalSeconds;
        }

        /// <summary>Runs an async case synchronously with its own deadline (HTTP inputs).</summary>
        public async Task RunAsync(Func<Random, int, (string Target, string How, byte[] Input, Func<Task> Run)> make)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < MaxInputs && watch.Elapsed < Budget; i++)
            {
                var c = make(new Random(unchecked(Seed + i)), i);
                Inputs++;
                var counts = Counts(c.Target);
                counts[0]++;
                var fuzzCase = new FuzzCase(c.Target, c.How, c.Input, () => { });
                (string? Failure, Exception? Error)? outcome;
                try
                {
                    await c.Run().WaitAsync(PerInputTimeout).ConfigureAwait(false);
                    outcome = null;
                }
                catch (TimeoutException)
                {
                    Hangs++;
                    counts[2]++;
                    Fail(i, fuzzCase, $"no result within {PerInputTimeout.TotalSeconds:0.#} s (hang)");
                    break;
                }
                catch (Exception ex)
                {
                    outcome = Judge(ex);
                }

                if (outcome is null)
                {
                    Accepted++;
                }
                else if (outcome.Value.Failure is null)
                {
                    Rejected++;
                    counts[1]++;
                }
                else
                {
                    counts[2]++;
                    Fail(i, fuzzCase, outcome.Value.Failure);
                }
            }

            Seconds = watch.Elapsed.TotalSeconds;
        }

        public Dictionary<string, object?> Figures()
        {
            var byTarget = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var pair in _byTarget)
            {
                byTarget[pair.Key] = new Dictionary<string, int> { ["inputs"] = pair.Value[0], ["rejectedTyped"] = pair.Value[1], ["failures"] = pair.Value[2] };
            }

            return new Dictionary<string, object?>
            {
                ["inputs"] = Inputs,
                ["failures"] = FailureCount,
                ["accepted"] = Accepted,
                ["rejectedTyped"] = Rejected,
                ["hangs"] = Hangs,
                ["seconds"] = Math.Round(Seconds, 2),
                ["seed"] = Seed,
                ["perInputTimeoutSeconds"] = PerInputTimeout.TotalSeconds,
                ["byTarget"] = byTarget,
                ["firstFailures"] = _failures.Take(10).ToArray(),
            };
        }

        public string Report() =>
            $"{Name}: {Inputs} inputs in {Seconds:0.0} s (seed {Seed}): {Accepted} accepted, {Rejected} rejected with typed errors, {FailureCount} failures, {Hangs} hangs"
            + (FailureCount == 0 ? string.Empty : "\n  " + string.Join("\n  ", _failures.Take(15)));

        /// <summary>Null when the action returned; else (null, ex) for an acceptable typed rejection or (reason, ex) for a failure.</summary>
        private static (string? Failure, Exception? Error)? Classify(Action run)
        {
            try
            {
                run();
                return null;
            }
            catch (Exception ex)
            {
                return Judge(ex);
            }
        }

        private static (string? Failure, Exception? Error) Judge(Exception ex)
        {
            if (ex is TargetInvocationException { InnerException: { } invoked })
            {
                ex = invoked;
            }

            if (ex is not AurikoException)
            {
                return ($"untyped {ex.GetType().FullName}: {Oneline(ex.Message)} at {TopFrame(ex)}", ex);
            }

            if (ex is AurikoConnectionException { IsTimeout: true })
            {
                return ($"typed timeout although every byte was available: {Oneline(ex.Message)}", ex);
            }

            for (var inner = ex.InnerException; inner != null; inner = inner.InnerException)
            {
                if (Defects.Any(t => t.IsInstanceOfType(inner)))
                {
                    return ($"{ex.GetType().Name} masks a defect {inner.GetType().FullName}: {Oneline(inner.Message)} at {TopFrame(inner)}", ex);
                }
            }

            return (null, ex);
        }

        private static string TopFrame(Exception ex)
        {
            var frame = new StackTrace(ex, false).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("Auriko", StringComparison.Ordinal) == true)
                ?? new StackTrace(ex, false).GetFrames().FirstOrDefault();
            var method = frame?.GetMethod();
            return method is null ? "?" : $"{method.DeclaringType?.FullName}.{method.Name}";
        }

        private static string Oneline(string text) => text.Length > 160 ? text.Substring(0, 160).Replace('\n', ' ') + "…" : text.Replace('\n', ' ');

        private int[] Counts(string target)
        {
            if (!_byTarget.TryGetValue(target, out var counts))
            {
                _byTarget[target] = counts = new int[3];
            }

            return counts;
        }

        private void Fail(int index, FuzzCase fuzzCase, string reason)
        {
            FailureCount++;
            if (_failures.Count < 50)
            {
                var preview = Encoding.UTF8.GetString(fuzzCase.Input, 0, Math.Min(fuzzCase.Input.Length, 120)).Replace("\n", "\\n").Replace("\r", "\\r");
                _failures.Add($"[{fuzzCase.Target} #{index} seed {Seed} via {fuzzCase.How}] {reason} | input ({fuzzCase.Input.Length} B): {preview}");
            }
        }
    }

    /// <summary>Input generators: byte-level mutation of valid samples, random JSON documents, random byte soup.</summary>
    internal static class Mutator
    {
        private static readonly string[] JsonTokens =
        {
            "null", "true", "false", "1e999", "-1e999", "-0", "0.0000001", "99999999999999999999", "-2147483649", "NaN", "[]", "{}", "[[[[", "]]]]",
            "\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "\"x\"", "\"\"", ",", ":", "\"", "\\", "{\"a\":", "\u00e9", "\ud83d\ude00",
        };

        private static readonly string[] SseTokens =
        {
            "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "data: ", "data:", "data", ": comment\n", "event: error\n", "id: 7\n", "retry: 10\n",
            "data: [DONE]\n\n", "[DONE]", "data: {\"error\":{\"message\":\"boom\",\"code\":\"rate_limit_exceeded\"}}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n", "\ufeff", "\0",
        };

        private static readonly byte[][] RawBytes = { new byte[] { 0xFF }, new byte[] { 0xC3 }, new byte[] { 0xC3, 0x28 }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xF4, 0x90, 0x80, 0x80 }, new byte[] { 0xEF, 0xBB, 0xBF } };

        private static readonly string[] Keys =
        {
            "id", "object", "created", "model", "choices", "index", "message", "delta", "role", "content", "reasoning_content", "reasoning",
            "tool_calls", "function", "name", "arguments", "type", "finish_reason", "usage", "prompt_tokens", "completion_tokens", "total_tokens",
            "prompt_tokens_details", "cached_tokens", "routing_metadata", "provider", "cost", "usd", "billable_cost_usd", "warnings", "code",
            "error", "message", "status", "status_code", "param", "doc_url", "suggestion", "detail", "data", "workspaces", "budgets", "models",
            "providers", "workspace_id", "limit", "spent", "period", "scope", "context_length", "pricing", "input", "output", "capabilities",
            "system_fingerprint", "tier", "ttft_ms", "total_latency_ms", "candidates_total", "slug", "email", "key", "x",
        };

        public static byte[] Mutate(Random random, byte[] input, bool sse)
        {
            var bytes = new List<byte>(input);
            var edits = random.Next(1, 8);
            for (var e = 0; e < edits; e++)
            {
                var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
                switch (random.Next(9))
                {
                    case 0:
                        if (bytes.Count > 0)
                        {
                            bytes[at] = (byte)random.Next(256);
                        }

                        break;
                    case 1:
                        if (bytes.Count > 0)
                        {
                            const string structural = "{}[]\",:0-e.\\\n\r ";
                            bytes[at] = (byte)structural[random.Next(structural.Length)];
                        }

                        break;
                    case 2:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                    case 3:
                        bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 40)));
                        break;
                    case 4:
                        {
                            var length = Math.Min(bytes.Count - at, random.Next(1, 80));
                            var slice = bytes.GetRange(at, length);
                            bytes.InsertRange(random.Next(bytes.Count + 1), slice);
                            break;
                        }

                    case 5:
                        bytes.InsertRange(at, RawBytes[random.Next(RawBytes.Length)]);
                        break;
                    case 6:
                        {
                            var tokens = sse && random.Next(2) == 0 ? SseTokens : JsonTokens;
                            bytes.InsertRange(at, Encoding.UTF8.GetBytes(tokens[random.Next(tokens.Length)]));
                            break;
                        }

                    case 7:
                        {
                            // Replace a value: find the next ':' and put a random JSON value after it.
                            var colon = bytes.IndexOf((byte)':', at);
                            if (colon >= 0)
                            {
                                bytes.InsertRange(colon + 1, Encoding.UTF8.GetBytes(RandomJson(random, 2) + ","));
                            }

                            break;
                        }

                    default:
                        if (bytes.Count > 1)
                        {
                            var other = random.Next(bytes.Count);
                            (bytes[at], bytes[other]) = (bytes[other], bytes[at]);
                        }

                        break;
                }
            }

            return bytes.ToArray();
        }

        /// <summary>A random JSON document over the vocabulary the readers look for (wrong types in the right places).</summary>
        public static string RandomJson(Random random, int depth)
        {
            var sb = new StringBuilder();
            Value(random, depth, sb);
            return sb.ToString();
        }

        public static byte[] RandomBytes(Random random, bool sse)
        {
            var length = random.Next(0, 400);
            var bytes = new byte[length];
            const string alphabet = "data: {}[]\",:0123456789abcdeDONE\n\n\r\\-.";
            for (var i = 0; i < length; i++)
            {
                bytes[i] = random.Next(4) == 0 ? (byte)random.Next(256) : (byte)alphabet[random.Next(alphabet.Length)];
            }

            if (sse && random.Next(2) == 0)
            {
                // Random but framed: "data: <soup>\n\n" events.
                var framed = new StringBuilder();
                for (var i = 0; i < random.Next(1, 6); i++)
                {
                    framed.Append(random.Next(3) == 0 ? "data:" : "data: ").Append(RandomJson(random, 4)).Append(random.Next(2) == 0 ? "\n\n" : "\r\n\r\n");
                }

                return Encoding.UTF8.GetBytes(framed.ToString()).Concat(bytes).ToArray();
            }

            return bytes;
        }

        /// <summary>Splits bytes into read-sized pieces: single bytes, random cuts, or whole.</summary>
        public static List<byte[]> Split(Random random, byte[] bytes)
        {
            var pieces = new List<byte[]>();
            var mode = random.Next(3);
            var i = 0;
            while (i < bytes.Length)
            {
                var n = mode == 0 ? 1 : mode == 1 ? random.Next(1, 64) : bytes.Length;
                n = Math.Min(n, bytes.Length - i);
                var piece = new byte[n];
                Array.Copy(bytes, i, piece, 0, n);
                pieces.Add(piece);
                i += n;
            }

            return pieces;
        }

        private static void Value(Random random, int depth, StringBuilder sb)
        {
            var kind = random.Next(depth <= 0 ? 5 : 8);
            switch (kind)
            {
                case 0:
                    sb.Append(random.Next(3) switch { 0 => "null", 1 => "true", _ => "false" });
                    break;
                case 1:
                    sb.Append(random.Next(6) switch
                    {
                        0 => random.Next(-5, 100).ToString(CultureInfo.InvariantCulture),
                        1 => "1e999",
                        2 => "-0.5",
                        3 => "12345678901234567890123",
                        4 => "2147483648",
                        _ => (random.NextDouble() * 1e6).ToString("R", CultureInfo.InvariantCulture),
                    });
                    break;
                case 2:
                case 3:
                    sb.Append(random.Next(8) switch
                    {
                        0 => "\"\\ud800\"",
                        1 => "\"\"",
                        2 => "\"" + new string('a', random.Next(1, 300)) + "\"",
                        3 => "\"2026-01-01T00:00:00Z\"",
                        4 => "\"12.5\"",
                        5 => "\"\\u00e9\\n\\\"q\\\"\"",
                        _ => "\"" + Keys[random.Next(Keys.Length)] + "\"",
                    });
                    break;
                case 4:
                    sb.Append('"').Append(Keys[random.Next(Keys.Length)]).Append('"');
                    break;
                case 5:
                case 6:
                    {
                        sb.Append('{');
                        var n = random.Next(0, 6);
                        for (var i = 0; i < n; i++)
                        {
                            if (i > 0)
                            {
                                sb.Append(',');
                            }

                            sb.Append('"').Append(Keys[random.Next(Keys.Length)]).Append("\":");
                            Value(random, depth - 1, sb);
                        }

                        sb.Append('}');
                        break;
                    }

                default:
                    {
                        sb.Append('[');
                        var n = random.Next(0, 4);
                        for (var i = 0; i < n; i++)
                        {
                            if (i > 0)
                            {
                                sb.Append(',');
                            }

                            Value(random, depth - 1, sb);
                        }

                        sb.Append(']');
                        break;
                    }
            }
        }
    }

    /// <summary>Reads every public property of a model (and of the items of its lists, a few levels down), as a user or the formatter would.</summary>
    internal static class Touch
    {
        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new ConcurrentDictionary<Type, PropertyInfo[]>();

        public static void All(object? value, int depth = 3)
        {
            if (value is null || depth < 0 || value is string || value.GetType().IsPrimitive || value is decimal || value is DateTimeOffset || value is DateTime || value is TimeSpan || value is Enum)
            {
                return;
            }

            _ = value.ToString();
            if (value is IEnumerable items)
            {
                var n = 0;
                foreach (var item in items)
                {
                    if (++n > 20)
                    {
                        break;
                    }

                    All(item, depth - 1);
                }

                if (value is IDictionary || value.GetType().Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
                {
                    return;
                }
            }

            if (value.GetType().Namespace?.StartsWith("Auriko", StringComparison.Ordinal) != true)
            {
                return;
            }

            foreach (var property in Properties.GetOrAdd(value.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.CanRead).ToArray()))
            {
                All(property.GetValue(value), depth - 1);
            }

            var raw = value.GetType().GetMethod("GetRawJson", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
            raw?.Invoke(value, null);
        }
    }
}
