using System.Management.Automation;

namespace Auriko.PowerShell.Internal
{
    /// <summary>The one place that looks through PowerShell's PSObject wrappers.</summary>
    internal static class PSObjects
    {
        /// <summary>
        /// The wrapped .NET object; a PSCustomObject stays wrapped, because its properties live on
        /// the PSObject.
        /// </summary>
        internal static object? Unwrap(object? value)
        {
            while (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject)
                {
                    return pso;
                }

                value = pso.BaseObject;
            }
            return value;
        }

        /// <summary>The name of the property that carries the piped object an answer answers.</summary>
        internal const string InputObjectProperty = "InputObject";

        /// <summary>
        /// The answer (a completion or a stream's final chunk), wrapped with an InputObject note
        /// property: the piped object it answers (the string, the CSV row, the object), or null when
        /// nothing was piped. Lets a script join answers back to their rows.
        /// </summary>
        internal static PSObject WithInputObject(object answer, object? input)
        {
            var wrapped = PSObject.AsPSObject(answer);
            wrapped.Properties.Add(new PSNoteProperty(InputObjectProperty, input));
            return wrapped;
        }
    }
}
