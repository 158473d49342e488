using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Arguments
{
    /// <summary>
    /// Lets -Routing take a hashtable (snake_case, PascalCase or camelCase keys), a
    /// PSCustomObject, or an <see cref="RoutingOptions"/>. Unknown keys and bad values fail
    /// here, at parameter binding, before any request.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class RoutingOptionsTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>Converts the bound value to RoutingOptions.</summary>
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = PlainConverter.Unwrap(inputData);
            if (value == null || value is RoutingOptions)
            {
                return value;
            }

            if (value is IDictionary || value is PSObject)
            {
                var plain = PlainConverter.ToDictionary(value, "routing")!;
                try
                {
                    return RoutingOptions.FromDictionary(new Dictionary<string, object?>(plain));
                }
                catch (AurikoException ex)
                {
                    throw new ArgumentTransformationMetadataException(ex.Message, ex);
                }
            }
            throw new ArgumentTransformationMetadataException(
                "-Routing takes a hashtable such as @{ optimize = 'cost'; max_ttft_ms = 800 } or an [Auriko.RoutingOptions] (got " +
                value.GetType().Name + ").");
        }
    }
}
