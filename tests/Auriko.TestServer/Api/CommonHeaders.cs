using System.Globalization;
using Auriko.TestServer.Data;

namespace Auriko.TestServer.Api;

/// <summary>Headers every /v1 response carries ("Response headers" in src/Auriko/README.md).</summary>
internal static class CommonHeaders
{
    private static readonly string Limit = Fixtures.RateLimitPerMinute.ToString(CultureInfo.InvariantCulture);
    private static readonly string Credits = Fixtures.CreditsMicrodollars.ToString(CultureInfo.InvariantCulture);

    public static void Apply(HttpResponse res, string requestId, long sequence)
    {
        var h = res.Headers;
        h["X-Request-ID"] = requestId;
        h["X-RateLimit-Limit-Requests"] = Limit;
        long remaining = Fixtures.RateLimitPerMinute - 1 - ((sequence - 1) % Fixtures.RateLimitPerMinute);
        h["X-RateLimit-Remaining-Requests"] = remaining.ToString(CultureInfo.InvariantCulture);
        // ISO 8601 timestamp (documented as such, not seconds): the start of the next minute.
        var now = DateTimeOffset.UtcNow;
        var reset = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        h["X-RateLimit-Reset-Requests"] = reset.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        h["X-Credits-Balance-Microdollars"] = Credits;
    }

    public static void ApplyBudget(HttpResponse res)
    {
        foreach (var (name, value) in Fixtures.BudgetHeaders)
        {
            res.Headers[name] = value;
        }
    }
}
