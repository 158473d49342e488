using System.Text.Json;
using Auriko.TestServer.Api;

namespace Auriko.TestServer.Endpoints;

/// <summary>
/// List endpoints answer {"object":"list","data":[...]} by default (the common Auriko shape);
/// an "envelope" scenario (or ?envelope=) selects a bare array or {"&lt;plural&gt;":[...]}
/// so clients can be tested against all three shapes the docs leave open.
/// </summary>
internal static class ListEnvelope
{
    public static string Choose(HttpContext ctx, Scenario? s)
    {
        var chosen = s?.Envelope
            ?? (s?.Kind == ScenarioKinds.Envelope ? s.Value : null)
            ?? ctx.Request.Query["envelope"].ToString();
        return string.IsNullOrEmpty(chosen) ? "data" : chosen.ToLowerInvariant();
    }

    public static byte[] Build(string envelope, string plural, IEnumerable<string> itemsJson) => Json.Build(w =>
    {
        switch (envelope)
        {
            case "bare":
                WriteArray(w, itemsJson);
                break;
            case "plural":
                w.WriteStartObject();
                w.WritePropertyName(plural);
                WriteArray(w, itemsJson);
                w.WriteEndObject();
                break;
            default:
                w.WriteStartObject();
                w.WriteString("object", "list");
                w.WritePropertyName("data");
                WriteArray(w, itemsJson);
                w.WriteEndObject();
                break;
        }
    });

    private static void WriteArray(Utf8JsonWriter w, IEnumerable<string> items)
    {
        w.WriteStartArray();
        foreach (var item in items)
        {
            w.WriteRawValue(item, skipInputValidation: true);
        }

        w.WriteEndArray();
    }
}
