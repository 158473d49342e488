namespace Auriko.TestServer.Api;

/// <summary>
/// Any bearer token is valid except those starting with "bad". Messages never echo the token
/// (tests scan everything for the key).
/// </summary>
internal static class Auth
{
    public static ApiError? Check(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return new ApiError(401, "invalid_api_key", "Missing API key. Send it as 'Authorization: Bearer <key>'.") { Type = "authentication_error" };
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return new ApiError(401, "invalid_api_key", "Unsupported authorization scheme; use 'Bearer <key>'.") { Type = "authentication_error" };
        }

        var token = header["Bearer ".Length..].Trim();
        if (token.Length == 0 || token.StartsWith("bad", StringComparison.Ordinal))
        {
            return new ApiError(401, "invalid_api_key", "Invalid API key provided.") { Type = "authentication_error" };
        }

        return null;
    }
}
