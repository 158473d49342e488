using System;

namespace Auriko
{
    /// <summary>
    /// The API answered with an error (or the client rejected a request before sending it, with
    /// <see cref="StatusCode"/> 0). Subclasses name the kind of failure; an unrecognised error is this base class.
    /// </summary>
    public class AurikoApiException : AurikoException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The full message (server message, status, code, request id).</param>
        /// <param name="statusCode">The HTTP status, or 0 for client-side errors.</param>
        /// <param name="code">The error code (<c>error.code</c>).</param>
        public AurikoApiException(string message, int statusCode = 0, string? code = null)
            : base(message)
        {
            StatusCode = statusCode;
            Code = code;
        }

        /// <summary>The HTTP status; 0 when the client rejected the request itself.</summary>
        public int StatusCode { get; internal set; }

        /// <summary>The machine-readable error code (<c>error.code</c>), e.g. <c>rate_limit_exceeded</c>.</summary>
        public string? Code { get; internal set; }

        /// <summary>The error type (<c>error.type</c>), e.g. <c>rate_limit_error</c>.</summary>
        public string? Type { get; internal set; }

        /// <summary>The offending parameter (<c>error.param</c>), e.g. <c>routing.only_byok</c>.</summary>
        public string? Param { get; internal set; }

        /// <summary>The provider that produced the error (<c>error.provider</c> or <c>X-Error-Provider</c>).</summary>
        public string? Provider { get; internal set; }

        /// <summary>A documentation link for the error code.</summary>
        public string? DocUrl { get; internal set; }

        /// <summary>The server's hint on how to fix the request (<c>error.suggestion</c>).</summary>
        public string? Suggestion { get; internal set; }

        /// <summary>How long the server asked to wait (<c>Retry-After</c>), if it said.</summary>
        public TimeSpan? RetryAfter { get; internal set; }

        /// <summary>The headers of the error response (<see cref="ResponseHeaders.Empty"/> for client-side errors).</summary>
        public ResponseHeaders ResponseHeaders { get; internal set; } = ResponseHeaders.Empty;
    }
}
