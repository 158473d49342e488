using System;
using System.Collections.Generic;
using System.Text;
using Auriko.Errors;
using Xunit;

namespace Auriko.Tests.Unit
{
    public sealed class ErrorMappingTests
    {
        public static IEnumerable<object?[]> Table() => new[]
        {
            // Era A (seed) codes
            new object?[] { 400, "invalid_request", typeof(InvalidRequestException) },
            new object?[] { 400, "missing_required_parameter", typeof(InvalidRequestException) },
            new object?[] { 401, "invalid_api_key", typeof(AuthenticationException) },
            new object?[] { 401, "provider_auth_error", typeof(ProviderAuthException) },
            new object?[] { 402, "insufficient_quota", typeof(InsufficientCreditsException) },
            new object?[] { 402, "budget_exceeded", typeof(BudgetExceededException) },
            new object?[] { 402, null, typeof(InsufficientCreditsException) },
            new object?[] { 403, "forbidden", typeof(PermissionDeniedException) },
            new object?[] { 404, "model_not_found", typeof(ModelNotFoundException) },
            new object?[] { 404, "not_found", typeof(AurikoApiException) },
            new object?[] { 429, "rate_limit_exceeded", typeof(RateLimitException) },
            new object?[] { 500, "internal_error", typeof(InternalServerException) },
            new object?[] { 502, "provider_error", typeof(ProviderException) },
            new object?[] { 502, "gateway_unavailable", typeof(ProviderException) },
            new object?[] { 503, "no_providers_available", typeof(ProviderException) },
            new object?[] { 503, "service_unavailable", typeof(ServiceUnavailableException) },
            new object?[] { 504, null, typeof(ProviderException) },

            // Era C codes
            new object?[] { 401, "expired_api_key", typeof(AuthenticationException) },
            new object?[] { 403, "insufficient_permissions", typeof(PermissionDeniedException) },
            new object?[] { 404, "resource_not_found", typeof(AurikoApiException) },
            new object?[] { 409, "idempotency_conflict", typeof(AurikoApiException) },
            new object?[] { 413, "payload_too_large", typeof(InvalidRequestException) },
            new object?[] { 422, null, typeof(InvalidRequestException) },
            new object?[] { 429, "budget_exhausted", typeof(BudgetExceededException) },
            new object?[] { 429, "budget_exceeded", typeof(BudgetExceededException) },
            new object?[] { 429, "insufficient_quota", typeof(InsufficientCreditsException) },
            new object?[] { 429, "tokens_per_min_exceeded", typeof(RateLimitException) },
            new object?[] { 502, "upstream_error", typeof(ProviderException) },
            new object?[] { 504, "upstream_timeout", typeof(ProviderException) },
            new object?[] { 503, "no_provider_available", typeof(ProviderException) },
            new object?[] { 418, "teapot", typeof(AurikoApiException) },
            new object?[] { 405, "method_not_allowed", typeof(AurikoApiException) },
        };

        [Theory]
        [MemberData(nameof(Table))]
        public void Maps_status_and_code_to_the_exception_class(int status, string? code, Type expected)
        {
            var body = code is null
                ? "{\"error\":{\"message\":\"boom\",\"type\":\"x\"}}"
                : $"{{\"error\":{{\"message\":\"boom\",\"type\":\"x\",\"code\":\"{code}\",\"param\":\"p\"}}}}";
            var error = Map(status, body, ("X-Request-ID", "req_1"));

            Assert.Equal(expected, error.GetType());
            Assert.Equal(status, error.StatusCode);
            Assert.Equal(code, error.Code);
            Assert.Equal("req_1", error.RequestId);
            Assert.Equal("p", code is null ? "p" : error.Param);
        }

        [Fact]
        public void Message_has_server_message_status_code_and_request_id()
        {
            var error = Map(429, "{\"error\":{\"message\":\"Slow down\",\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\"}}", ("X-Request-ID", "req_123"), ("Retry-After", "7"));

            Assert.Equal("Slow down (status 429, code rate_limit_exceeded, request req_123)", error.Message);
            Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
            Assert.Equal("rate_limit_error", error.Type);
        }

        [Fact]
        public void All_envelope_fields_are_kept()
        {
            var error = Map(400, "{\"error\":{\"message\":\"m\",\"type\":\"invalid_request_error\",\"code\":\"capability_mismatch\",\"param\":\"tools\",\"doc_url\":\"https://d/x\",\"provider\":\"openai\",\"suggestion\":\"drop tools\"}}");

            Assert.Equal("https://d/x", error.DocUrl);
            Assert.Equal("openai", error.Provider);
            Assert.Equal("drop tools", error.Suggestion);
            Assert.Equal("tools", error.Param);
        }

        [Fact]
        public void Budget_header_without_code_makes_a_429_a_budget_error()
        {
            var error = Map(429, "{\"error\":{\"message\":\"Budget\"}}", ("X-Budget-Exceeded", "true"), ("X-Budget-Exceeded-Period", "monthly"));

            Assert.IsType<BudgetExceededException>(error);
            Assert.Equal("monthly", error.ResponseHeaders.BudgetExceededPeriod);
        }

        [Fact]
        public void Html_error_page_maps_by_status_and_quotes_the_text()
        {
            var html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>" + new string('x', 500) + "</body></html>";
            var error = MapWithType(502, html, "text/html");

            Assert.IsType<ProviderException>(error);
            Assert.Contains("502 Bad Gateway", error.Message);
            Assert.Contains("HTML", error.Message);
            Assert.True(error.Message.Length < 400, error.Message);
        }

        [Fact]
        public void Empty_error_body_still_maps_by_status()
        {
            var error = MapWithType(503, string.Empty, null);
            Assert.IsType<ProviderException>(error);
            Assert.Contains("503", error.Message);
        }

        [Fact]
        public void Invalid_json_error_body_maps_by_status()
        {
            var error = MapWithType(500, "{\"error\": {", "application/json");
            Assert.IsType<InternalServerException>(error);
        }

        [Theory]
        [InlineData(500, "provider_error", typeof(ProviderException))]
        [InlineData(503, "provider_error", typeof(ProviderException))]
        [InlineData(400, "upstream_error", typeof(ProviderException))]
        [InlineData(500, "upstream_timeout", typeof(ProviderException))]
        [InlineData(503, "gateway_unavailable", typeof(ProviderException))]
        [InlineData(429, "provider_error", typeof(RateLimitException))]
        public void Provider_codes_decide_the_class_before_the_status(int status, string code, Type expected)
        {
            var error = Map(status, $"{{\"error\":{{\"message\":\"upstream\",\"code\":\"{code}\"}}}}");

            Assert.Equal(expected, error.GetType());
            Assert.Equal(status, error.StatusCode);
            Assert.Equal(status >= 500 || status == 429, Auriko.Http.RetryPolicy.ShouldRetry(error));
        }

        [Fact]
        public void Provider_code_without_a_status_is_a_provider_error()
        {
            var error = ErrorMapper.FromPayload(Encoding.UTF8.GetBytes("{\"error\":{\"message\":\"m\",\"code\":\"provider_error\"}}"), ResponseHeaders.Empty, null);
            Assert.IsType<ProviderException>(error);
            Assert.Equal(0, error.StatusCode);
        }

        [Theory]
        [InlineData("", null, "with an empty body")]
        [InlineData("", "text/html", "with an empty body")]
        [InlineData("oops", null, "with a non-JSON body: oops")]
        [InlineData("oops", "text/plain", "with a plain-text body: oops")]
        [InlineData("<p>oops</p>", "text/html", "with an HTML body: oops")]
        [InlineData("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "text/html", "with an HTML body: 502 Bad Gateway")]
        [InlineData("\n\n  upstream connect error  \nsecond line", "text/plain", "with a plain-text body: upstream connect error")]
        public void Non_json_body_wording_follows_body_and_content_type(string body, string? contentType, string expected)
        {
            var error = MapWithType(502, body, contentType);
            Assert.Contains(expected, error.Message);
        }

        [Fact]
        public void Flat_and_detail_shapes_are_understood()
        {
            Assert.Equal("no", Map(400, "{\"error\":\"no\",\"code\":\"invalid_request\"}").Message.Split(' ')[0]);
            Assert.StartsWith("nope", Map(401, "{\"detail\":\"nope\"}").Message);
        }

        [Fact]
        public void Server_echo_of_the_key_is_redacted()
        {
            const string key = "ak_live_SECRET_echo_1234567890";
            var bytes = Encoding.UTF8.GetBytes($"{{\"error\":{{\"message\":\"bad key {key}\",\"code\":\"invalid_api_key\"}}}}");
            var error = ErrorMapper.FromResponse(401, "Unauthorized", ResponseHeaders.Empty, new ArraySegment<byte>(bytes), "application/json", key);

            Assert.DoesNotContain(key, error.Message);
            Assert.DoesNotContain(key, error.ToString());
            Assert.DoesNotContain(key, error.RawBody);
        }

        [Fact]
        public void Stream_error_event_without_status_maps_by_code()
        {
            var payload = Encoding.UTF8.GetBytes("{\"error\":{\"message\":\"upstream died\",\"code\":\"upstream_error\"}}");
            var error = ErrorMapper.FromPayload(payload, Headers(("X-Request-ID", "req_s")), null);

            Assert.IsType<ProviderException>(error);
            Assert.Equal("req_s", error.RequestId);
            Assert.Contains("upstream died", error.Message);
        }

        internal static ResponseHeaders Headers(params (string Name, string Value)[] headers)
        {
            var list = new List<KeyValuePair<string, string>>();
            foreach (var (name, value) in headers)
            {
                list.Add(new KeyValuePair<string, string>(name, value));
            }

            return new ResponseHeaders(list);
        }

        private static AurikoApiException Map(int status, string body, params (string, string)[] headers) =>
            ErrorMapper.FromResponse(status, "Reason", Headers(headers), new ArraySegment<byte>(Encoding.UTF8.GetBytes(body)), "application/json", null);

        private static AurikoApiException MapWithType(int status, string body, string? contentType) =>
            ErrorMapper.FromResponse(status, "Bad Gateway", ResponseHeaders.Empty, new ArraySegment<byte>(Encoding.UTF8.GetBytes(body)), contentType, null);
    }
}
