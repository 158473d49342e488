using System;

namespace Auriko
{
    /// <summary>The base of every error the Auriko client raises (except caller cancellation, which stays an <see cref="OperationCanceledException"/>).</summary>
    public class AurikoException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What went wrong; must not contain secrets.</param>
        public AurikoException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with a cause.</summary>
        /// <param name="message">What went wrong; must not contain secrets.</param>
        /// <param name="innerException">The underlying failure.</param>
        public AurikoException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }

        /// <summary>The request id of the response (<c>X-Request-ID</c>), when one had arrived; quote it to support.</summary>
        public string? RequestId { get; internal set; }

        /// <summary>
        /// The response body the error is about (an error body, or a successful response the client could not use),
        /// redacted and cut to 4 KB; null when there was none.
        /// </summary>
        public string? RawBody { get; internal set; }
    }
}
