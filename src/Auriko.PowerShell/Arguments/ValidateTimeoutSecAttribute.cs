using System;
using System.Globalization;
using System.Management.Automation;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Arguments
{
    /// <summary>
    /// Validates a -TimeoutSec value against the client's own bounds (<see cref="AurikoClientOptions.MaxTimeout"/>), so
    /// the cmdlets never restate them: more than 0 and at most the maximum, in seconds.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateTimeoutSecAttribute : ValidateArgumentsAttribute
    {
        /// <summary>Throws when the value is not a usable timeout.</summary>
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            double seconds = LanguagePrimitives.ConvertTo<double>(PSObjects.Unwrap(arguments));
            if (ToTimeout(seconds) == null)
            {
                throw new ValidationMetadataException(string.Format(CultureInfo.InvariantCulture, Messages.BadTimeoutSec,
                    seconds, AurikoClientOptions.MaxTimeout.TotalSeconds));
            }
        }

        /// <summary>The timeout for <paramref name="seconds"/>, or null when the client would refuse it.</summary>
        internal static TimeSpan? ToTimeout(double seconds)
        {
            if (double.IsNaN(seconds) || seconds <= 0 || seconds > AurikoClientOptions.MaxTimeout.TotalSeconds)
            {
                return null;
            }
            // From ticks: TimeSpan.FromSeconds rounds to whole milliseconds on .NET Framework.
            var timeout = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
            return AurikoClientOptions.TimeoutProblem(timeout) == null ? timeout : (TimeSpan?)null;
        }
    }
}
