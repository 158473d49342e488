using System.Text;
using Auriko.TestServer.Api;

namespace Auriko.TestServer.Endpoints;

/// <summary>
/// Sends a complete JSON body, applying the body-level faults a scenario asks for (cut,
/// silence, trickle, invalid JSON/UTF-8, unexpected content type). Used by every JSON endpoint.
/// </summary>
internal static class JsonResponder
{
    private static readonly byte[] InvalidUtf8 = { 0xC3, 0x28, 0xFF, 0xFE };

    public static async Task SendAsync(HttpContext ctx, EmulatorState state, byte[] body, Scenario? s)
    {
        var res = ctx.Response;
        var ct = ctx.RequestAborted;
        switch (s?.Kind)
        {
            case ScenarioKinds.ContentType:
                await SendUnexpectedContentTypeAsync(ctx, body, s);
                return;

            case ScenarioKinds.InvalidJson:
                body = Concat(body.AsSpan(0, body.Length / 2), "@@not-json@@"u8);
                break;

            case ScenarioKinds.InvalidUtf8:
                body = InjectInvalidUtf8(body);
                break;

            case ScenarioKinds.HeadersThenSilence:
                res.StatusCode = 200;
                res.ContentType = Json.ContentType;
                await res.StartAsync(ct);
                await res.BodyWriter.FlushAsync(ct);
                await Waiting.UntilClientGoesAwayAsync(ctx, state);
                return;

            case ScenarioKinds.SilentAfter:
            case ScenarioKinds.Cut:
            case ScenarioKinds.MidStreamError:
                // No Content-Length: the response is chunked, so a clean end is a complete HTTP
                // message with a truncated JSON body.
                res.StatusCode = 200;
                res.ContentType = Json.ContentType;
                await res.BodyWriter.WriteAsync(body.AsMemory(0, body.Length / 2), ct);
                await res.BodyWriter.FlushAsync(ct);
                if (s.Kind == ScenarioKinds.SilentAfter)
                {
                    await Waiting.UntilClientGoesAwayAsync(ctx, state);
                }
                else if (s.Abort)
                {
                    ctx.Abort();
                }

                return;

            case ScenarioKinds.Trickle:
            {
                var o = s.ImpliedOptions();
                int pieces = Math.Clamp(o.Chunks ?? 10, 1, Math.Max(1, body.Length));
                int delay = o.DelayMs ?? 200;
                res.StatusCode = 200;
                res.ContentType = Json.ContentType;
                res.ContentLength = body.Length;
                for (int i = 0; i < pieces; i++)
                {
                    int start = (int)((long)body.Length * i / pieces), end = (int)((long)body.Length * (i + 1) / pieces);
                    if (i > 0 && delay > 0)
                        {
                            await Task.Delay(delay, ct);
                        }

                        await res.BodyWriter.WriteAsync(body.AsMemory(start, end - start), ct);
                }
                return;
            }
        }
        await Json.WriteBytesAsync(ctx, 200, body);
    }

    public static async Task SendUnexpectedContentTypeAsync(HttpContext ctx, byte[] jsonBody, Scenario s)
    {
        var type = s.Value ?? s.ContentType ?? "text/html; charset=utf-8";
        byte[] body;
        if (s.Body is not null)
        {
            body = Encoding.UTF8.GetBytes(s.Body);
        }
        else if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            body = jsonBody;
        }
        else if (type.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            body = "<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>Captive portal</h1><p>Please sign in to continue.</p></body></html>"u8.ToArray();
        }
        else
        {
            body = "This is not the API response you were looking for.\n"u8.ToArray();
        }

        await Json.WriteBytesAsync(ctx, 200, body, type);
    }

    /// <summary>Puts invalid UTF-8 inside the first string value (the message content for a completion).</summary>
    public static byte[] InjectInvalidUtf8(byte[] body)
    {
        int at = body.AsSpan().IndexOf("\"content\":\""u8);
        int skip = "\"content\":\"".Length;
        if (at < 0)
        {
            at = body.AsSpan().IndexOf("\":\""u8);
            skip = 3;
        }
        if (at < 0)
        {
            return Concat(body, InvalidUtf8);
        }

        int pos = at + skip;
        var result = new byte[body.Length + InvalidUtf8.Length];
        body.AsSpan(0, pos).CopyTo(result);
        InvalidUtf8.CopyTo(result.AsSpan(pos));
        body.AsSpan(pos).CopyTo(result.AsSpan(pos + InvalidUtf8.Length));
        return result;
    }

    public static byte[] InvalidUtf8Bytes => InvalidUtf8;

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var r = new byte[a.Length + b.Length];
        a.CopyTo(r);
        b.CopyTo(r.AsSpan(a.Length));
        return r;
    }
}
