using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Auriko.TestServer.Api;

/// <summary>
/// Writes the error envelope {"error":{message,type,code,param,doc_url,provider}} with the
/// error headers (X-Error-*, Retry-After, X-Budget-Exceeded*), or an HTML page "from a proxy".
/// </summary>
internal static class ErrorWriter
{
    public static async Task WriteAsync(HttpContext ctx, ApiError e, Scenario? s = null)
    {
        var res = ctx.Response;
        if (s?.Html == true)
        {
            // A proxy in front of the API answers: no Auriko headers, no JSON.
            int status = s.Status ?? 502;
            res.Headers.Clear();
            res.Headers.Server = "nginx";
            var page = s.Body ?? HtmlPage(status);
            await Json.WriteBytesAsync(ctx, status, Encoding.UTF8.GetBytes(page), s.ContentType ?? "text/html; charset=utf-8");
            return;
        }

        res.Headers["X-Error-Type"] = ErrorCatalog.HeaderType(e.Status, e.Code);
        res.Headers["X-Error-Retryable"] = e.EffectiveRetryable ? "true" : "false";
        if (e.EffectiveProvider is { } provider)
        {
            res.Headers["X-Error-Provider"] = provider;
        }

        if (e.RetryAfterRaw is not null)
        {
            res.Headers.RetryAfter = e.RetryAfterRaw;
        }
        else if (e.RetryAfter is { } seconds)
        {
            res.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (ErrorCatalog.IsBudgetCode(e.Code))
        {
            res.Headers["X-Budget-Exceeded"] = "true";
            res.Headers["X-Budget-Exceeded-Period"] = e.BudgetPeriod ?? "monthly";
            res.Headers["X-Budget-Exceeded-Scope"] = e.BudgetScope ?? "workspace";
        }
        if (s?.Headers is { } extra)
        {
            foreach (var (name, value) in extra)
            {
                res.Headers[name] = value;
            }
        }

        var body = s?.Body is { } literal ? Encoding.UTF8.GetBytes(literal) : Envelope(e);
        await Json.WriteBytesAsync(ctx, e.Status, body, s?.ContentType ?? Json.ContentType);
    }

    public static byte[] Envelope(ApiError e) => Json.Build(w => WriteEnvelope(w, e));

    public static void WriteEnvelope(Utf8JsonWriter w, ApiError e)
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", e.Message);
        w.WriteString("type", e.EffectiveType);
        w.WriteString("code", e.Code);
        if (e.Param is null)
        {
            w.WriteNull("param");
        }
        else
        {
            w.WriteString("param", e.Param);
        }

        w.WriteString("doc_url", "https://docs.auriko.ai/errors/" + e.Code);
        if (e.EffectiveProvider is null)
        {
            w.WriteNull("provider");
        }
        else
        {
            w.WriteString("provider", e.EffectiveProvider);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string HtmlPage(int status)
    {
        var title = $"{status} {ReasonPhrases.GetReasonPhrase(status)}";
        return $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    }
}
