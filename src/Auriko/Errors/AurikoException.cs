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
    }
}
