using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using Auriko.Errors;
using Auriko.PowerShell.Internal;
using Xunit;

namespace Auriko.PowerShell.Tests
{
    public sealed class ErrorRecordsTests
    {
        /// <summary>The exception the client raises for this HTTP answer.</summary>
        private static AurikoApiException Answer(int status, string body, params (string Name, string Value)[] headers)
        {
            var all = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("X-Request-ID", "req_42") };
            foreach (var (name, value) in headers)
            {
                all.Add(new KeyValuePair<string, string>(name, value));
            }

            return ErrorMapper.FromResponse(status, "Reason", new ResponseHeaders(all), new ArraySegment<byte>(Encoding.UTF8.GetBytes(body)), "application/json", null);
        }

        [Fact]
        public void A_record_carries_the_typed_exception_its_code_a_category_and_the_input_that_failed()
        {
            var error = Answer(404, "{\"error\":{\"message\":\"Model 'nope' was not found.\",\"code\":\"model_not_found\"}}");

            var record = ErrorRecords.FromException(error, "nope");

            Assert.Same(error, record.Exception);
            Assert.StartsWith("model_not_found", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
            Assert.Equal("nope", record.TargetObject);
        }

        [Fact]
        public void The_message_names_the_request_id_once()
        {
            var record = ErrorRecords.FromException(Answer(500, "{\"error\":{\"message\":\"Boom\",\"code\":\"internal_error\"}}"), null);

            Assert.Equal("Boom (status 500, code internal_error, request req_42)", record.ErrorDetails.Message);
        }

        [Fact]
        public void A_request_id_missing_from_the_message_is_added()
        {
            var error = new RateLimitException("Slow down", 429, "rate_limit_exceeded") { RequestId = "req_7" };

            Assert.Equal("Slow down (request req_7)", ErrorRecords.FromException(error, null).ErrorDetails.Message);
        }

        [Fact]
        public void The_recommended_action_is_the_suggestion_else_the_documentation_link()
        {
            var suggested = Answer(400, "{\"error\":{\"message\":\"No provider supports json_schema.\",\"code\":\"capability_mismatch\",\"suggestion\":\"Use json_object.\",\"doc_url\":\"https://docs.example/errors/capability_mismatch\"}}");
            var documented = Answer(400, "{\"error\":{\"message\":\"Bad\",\"code\":\"invalid_request\",\"doc_url\":\"https://docs.example/errors/invalid_request\"}}");
            var bare = Answer(400, "{\"error\":{\"message\":\"Bad\",\"code\":\"invalid_request\"}}");

            Assert.Equal("Use json_object.", ErrorRecords.FromException(suggested, null).ErrorDetails.RecommendedAction);
            Assert.Equal("See https://docs.example/errors/invalid_request", ErrorRecords.FromException(documented, null).ErrorDetails.RecommendedAction);
            Assert.True(string.IsNullOrEmpty(ErrorRecords.FromException(bare, null).ErrorDetails.RecommendedAction));
        }

        [Fact]
        public void The_error_id_is_the_api_code_else_its_type_else_the_status()
        {
            Assert.Equal("budget_exhausted", ErrorRecords.ErrorId(Answer(429, "{\"error\":{\"message\":\"m\",\"code\":\"budget_exhausted\",\"type\":\"rate_limit_error\"}}")));
            Assert.Equal("rate_limit_error", ErrorRecords.ErrorId(Answer(429, "{\"error\":{\"message\":\"m\",\"type\":\"rate_limit_error\"}}")));
            Assert.Equal("http_502", ErrorRecords.ErrorId(Answer(502, "<html>Bad Gateway</html>")));
            Assert.Equal("invalid_request", ErrorRecords.ErrorId(new AurikoApiException("client side")));
        }

        [Fact]
        public void Failures_without_an_answer_have_their_own_error_ids()
        {
            Assert.Equal("timeout", ErrorRecords.ErrorId(new AurikoConnectionException("slow", isTimeout: true)));
            Assert.Equal("stream_truncated", ErrorRecords.ErrorId(new AurikoConnectionException("cut", isTruncatedStream: true)));
            Assert.Equal("connection_error", ErrorRecords.ErrorId(new AurikoConnectionException("refused")));
            Assert.Equal("auriko_error", ErrorRecords.ErrorId(new AurikoException("not JSON")));
            Assert.Equal("invalid_argument", ErrorRecords.ErrorId(new ArgumentException("bad")));
            Assert.Equal("InvalidOperationException", ErrorRecords.ErrorId(new InvalidOperationException("other")));
        }

        public static TheoryData<Exception, ErrorCategory> Categories => new TheoryData<Exception, ErrorCategory>
        {
            { new AuthenticationException("m", 401), ErrorCategory.AuthenticationError },
            { new ProviderAuthException("m", 401), ErrorCategory.AuthenticationError },
            { new PermissionDeniedException("m", 403), ErrorCategory.PermissionDenied },
            { new InsufficientCreditsException("m", 402), ErrorCategory.QuotaExceeded },
            { new BudgetExceededException("m", 429), ErrorCategory.QuotaExceeded },
            { new RateLimitException("m", 429), ErrorCategory.LimitsExceeded },
            { new ModelNotFoundException("m", 404), ErrorCategory.ObjectNotFound },
            { new InvalidRequestException("m", 400), ErrorCategory.InvalidArgument },
            { new InternalServerException("m", 500), ErrorCategory.ResourceUnavailable },
            { new ProviderException("m", 502), ErrorCategory.ResourceUnavailable },
            { new ServiceUnavailableException("m", 503), ErrorCategory.ResourceUnavailable },
            { new AurikoApiException("m", 404, "resource_not_found"), ErrorCategory.ObjectNotFound },
            { new AurikoApiException("m", 408), ErrorCategory.OperationTimeout },
            { new AurikoApiException("m", 409), ErrorCategory.ResourceBusy },
            { new AurikoApiException("m", 405), ErrorCategory.InvalidOperation },
            { new AurikoApiException("m", 507), ErrorCategory.ResourceUnavailable },
            { new AurikoConnectionException("m", isTimeout: true), ErrorCategory.OperationTimeout },
            { new AurikoConnectionException("m"), ErrorCategory.ConnectionError },
            { new TimeoutException("m"), ErrorCategory.OperationTimeout },
            { new ArgumentException("m"), ErrorCategory.InvalidArgument },
            { new InvalidOperationException("m"), ErrorCategory.InvalidOperation },
        };

        [Theory]
        [MemberData(nameof(Categories))]
        public void Each_failure_has_a_real_category(Exception error, ErrorCategory category) =>
            Assert.Equal(category, ErrorRecords.Category(error));

        [Fact]
        public void Only_a_rejected_key_or_no_credits_stops_the_remaining_input()
        {
            Assert.True(ErrorRecords.AffectsAllItems(new AuthenticationException("m", 401, "invalid_api_key")));
            Assert.True(ErrorRecords.AffectsAllItems(new InsufficientCreditsException("m", 402, "insufficient_quota")));
            Assert.False(ErrorRecords.AffectsAllItems(new BudgetExceededException("m", 429, "budget_exhausted")));
            Assert.False(ErrorRecords.AffectsAllItems(new PermissionDeniedException("m", 403)));
            Assert.False(ErrorRecords.AffectsAllItems(new RateLimitException("m", 429)));
            Assert.False(ErrorRecords.AffectsAllItems(new ProviderAuthException("m", 401, "provider_auth_error")));
            Assert.False(ErrorRecords.AffectsAllItems(new AurikoConnectionException("m", isTimeout: true)));
        }

        [Fact]
        public void Bad_input_is_an_invalid_argument_record_targeting_the_input()
        {
            var input = new object();

            var record = ErrorRecords.InvalidArgument("NoModel", "No model.", input);

            Assert.IsType<ArgumentException>(record.Exception);
            Assert.Equal("No model.", record.Exception.Message);
            Assert.StartsWith("NoModel", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
            Assert.Same(input, record.TargetObject);
        }
    }
}
