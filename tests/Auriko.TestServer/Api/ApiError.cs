namespace Auriko.TestServer.Api;

/// <summary>An error to answer with; unset parts are filled from <see cref="ErrorCatalog"/>.</summary>
internal sealed class ApiError
{
    public ApiError(int status, string code, string message, string? param = null)
    {
        Status = status;
        Code = code;
        Message = message;
        Param = param;
    }

    public int Status { get; set; }
    public string Code { get; set; }
    public string Message { get; set; }
    public string? Param { get; set; }
    public string? Type { get; set; }
    public string? Provider { get; set; }
    public int? RetryAfter { get; set; }
    public string? RetryAfterRaw { get; set; }
    public bool? Retryable { get; set; }
    public string? BudgetPeriod { get; set; }
    public string? BudgetScope { get; set; }

    public string EffectiveType => Type ?? ErrorCatalog.DefaultType(Status, Code);

    public bool EffectiveRetryable => Retryable ?? ErrorCatalog.DefaultRetryable(Status, Code);

    public string? EffectiveProvider => Provider ?? ErrorCatalog.DefaultProvider(Code);

    /// <summary>Builds the error a queued "error" / "mid_stream_error" scenario describes.</summary>
    public static ApiError FromScenario(Scenario s, int fallbackStatus, string fallbackCode)
    {
        int status = s.Status ?? (s.Code is not null ? ErrorCatalog.DefaultStatus(s.Code) ?? fallbackStatus : fallbackStatus);
        string code = s.Code ?? (s.Status is not null ? ErrorCatalog.DefaultCode(status) : fallbackCode);
        return new ApiError(status, code, s.Message ?? ErrorCatalog.DefaultMessage(status, code), s.Param)
        {
            Type = s.Type,
            Provider = s.Provider,
            RetryAfter = s.RetryAfter,
            RetryAfterRaw = s.RetryAfterRaw,
            Retryable = s.Retryable,
            BudgetPeriod = s.BudgetPeriod,
            BudgetScope = s.BudgetScope,
        };
    }
}

/// <summary>
/// Status/code/type tables covering both documentation eras (see "Two documentation eras" and
/// "Errors" in src/Auriko/README.md). A code given
/// without a status gets its documented status (budget_exceeded 402, budget_exhausted 429, ...).
/// </summary>
internal static class ErrorCatalog
{
    private static readonly Dictionary<string, int> StatusByCode = new(StringComparer.OrdinalIgnoreCase)
    {
        ["invalid_request"] = 400, ["missing_required_parameter"] = 400, ["capability_mismatch"] = 400,
        ["routing_constraint_unsatisfiable"] = 400, ["unsupported_modalities"] = 400, ["context_length_exceeded"] = 400,
        ["invalid_parameter_value"] = 400, ["unknown_parameter"] = 400, ["latency_constraint_exceeded"] = 400,
        ["cost_constraint_exceeded"] = 400, ["reasoning_not_supported"] = 400, ["tool_choice_required_not_supported"] = 400,
        ["required_params_not_supported"] = 400, ["json_mode_not_supported"] = 400, ["content_filtered"] = 400,
        ["invalid_api_key"] = 401, ["expired_api_key"] = 401, ["provider_auth_error"] = 401,
        ["insufficient_quota"] = 402, ["budget_exceeded"] = 402, ["budget_exhausted"] = 429,
        ["forbidden"] = 403, ["insufficient_permissions"] = 403, ["feature_disabled"] = 403,
        ["model_not_found"] = 404, ["not_found"] = 404, ["resource_not_found"] = 404,
        ["method_not_allowed"] = 405, ["request_timeout"] = 408,
        ["idempotency_conflict"] = 409, ["duplicate_resource"] = 409, ["conflict"] = 409,
        ["payload_too_large"] = 413, ["rate_limit_exceeded"] = 429, ["tokens_per_min_exceeded"] = 429,
        ["concurrent_requests_exceeded"] = 429, ["internal_error"] = 500,
        ["gateway_unavailable"] = 502, ["provider_error"] = 502, ["upstream_error"] = 502,
        ["no_providers_available"] = 503, ["no_provider_available"] = 503, ["service_unavailable"] = 503,
        ["model_unavailable"] = 503, ["upstream_timeout"] = 504, ["gateway_timeout"] = 504,
    };

    public static int? DefaultStatus(string code) => StatusByCode.TryGetValue(code, out var s) ? s : null;

    public static string DefaultCode(int status) => status switch
    {
        400 or 422 => "invalid_request",
        401 => "invalid_api_key",
        402 => "insufficient_quota",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        409 => "conflict",
        413 => "payload_too_large",
        429 => "rate_limit_exceeded",
        500 => "internal_error",
        502 => "upstream_error",
        503 => "service_unavailable",
        504 => "upstream_timeout",
        _ => status >= 500 ? "internal_error" : "invalid_request",
    };

    public static bool IsBudgetCode(string code) =>
        code is "budget_exceeded" or "budget_exhausted";

    public static bool IsQuotaCode(string code) =>
        IsBudgetCode(code) || code == "insufficient_quota";

    /// <summary>error.type: Era C's six types; 402 is Era A only, where no type is documented, so the code is used (OpenAI style).</summary>
    public static string DefaultType(int status, string code) => status switch
    {
        401 => "authentication_error",
        402 => code,
        403 => "permission_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        408 or >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    /// <summary>X-Error-Type: the normalised category (server_error / rate_limit are documented).</summary>
    public static string HeaderType(int status, string code)
    {
        if (IsQuotaCode(code))
        {
            return code;
        }

        return status switch
        {
            401 => "authentication",
            403 => "permission",
            404 => "not_found",
            408 => "timeout",
            409 => "conflict",
            429 => "rate_limit",
            >= 500 => "server_error",
            _ => "invalid_request",
        };
    }

    public static bool DefaultRetryable(int status, string code) =>
        !IsQuotaCode(code) && (status is 408 or 409 or 429 || status >= 500);

    public static string? DefaultProvider(string code) =>
        code is "provider_error" or "upstream_error" or "upstream_timeout" or "provider_auth_error" ? "openai" : null;

    public static string DefaultMessage(int status, string code) => code switch
    {
        "rate_limit_exceeded" => "Rate limit exceeded. Please retry after the indicated time.",
        "budget_exceeded" => "Budget limit exceeded for this workspace.",
        "budget_exhausted" => "Budget exhausted for the current period.",
        "insufficient_quota" => "Insufficient credits. Add credits to continue.",
        "invalid_api_key" => "Invalid API key provided.",
        "provider_auth_error" => "The provider rejected your BYOK key.",
        "internal_error" => "Internal server error.",
        "upstream_error" or "provider_error" => "The upstream provider returned an error.",
        "upstream_timeout" => "The upstream provider timed out.",
        "service_unavailable" => "Service temporarily unavailable.",
        "no_provider_available" or "no_providers_available" => "No provider is available for this request.",
        "model_not_found" => "The requested model does not exist.",
        _ => $"Emulated error {status} ({code}).",
    };
}
