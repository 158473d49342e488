using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Auriko.TestServer.Api;

/// <summary>Shared JSON writing settings and small helpers.</summary>
internal static class Json
{
    /// <summary>Relaxed escaping keeps non-ASCII text readable (UTF-8) like a real API would.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    public const string ContentType = "application/json; charset=utf-8";

    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Escaped UTF-8 of a JSON string's content, without the quotes.</summary>
    public static byte[] EscapeString(string text) =>
        JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes.ToArray();

    public static async Task WriteBytesAsync(HttpContext ctx, int status, byte[] body, string contentType = ContentType)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.BodyWriter.WriteAsync(body, ctx.RequestAborted);
    }
}
