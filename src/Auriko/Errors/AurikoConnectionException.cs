using System;

namespace Auriko
{
    /// <summary>The server could not be reached or stopped answering: connection failures, timeouts and streams cut before <c>[DONE]</c>.</summary>
    public sealed class AurikoConnectionException : AurikoException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What went wrong.</param>
        /// <param name="innerException">The underlying failure, if any.</param>
        /// <param name="isTimeout">True when a timeout (attempt or stream idle) expired.</param>
        /// <param name="isTruncatedStream">True when a stream ended without <c>data: [DONE]</c>.</param>
        public AurikoConnectionException(string message, Exception? innerException = null, bool isTimeout = false, bool isTruncatedStream = false)
            : base(message, innerException)
        {
            IsTimeout = isTimeout;
            IsTruncatedStream = isTruncatedStream;
        }

        /// <summary>True when the attempt timed out or a stream sent no byte for the timeout.</summary>
        public bool IsTimeout { get; }

        /// <summary>True when a stream ended before <c>data: [DONE]</c>.</summary>
        public bool IsTruncatedStream { get; }
    }
}
