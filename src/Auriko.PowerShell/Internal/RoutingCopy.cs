using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Auriko.PowerShell.Internal
{
    /// <summary>
    /// A member-wise copy of a caller's RoutingOptions, so a cmdlet can adjust it (-Optimize)
    /// without changing the object the caller passed and may reuse.
    /// </summary>
    internal static class RoutingCopy
    {
        internal static RoutingOptions Of(RoutingOptions source) => Copy(source, new RoutingOptions());

        private static T Copy<T>(T source, T target)
        {
            foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!property.CanRead || !property.CanWrite || property.GetIndexParameters().Length > 0) continue;
                object? value = property.GetValue(source);
                switch (value)
                {
                    case IList<string> list:
                        value = list.ToList();
                        break;
                    case RoutingWeights weights:
                        value = Copy(weights, new RoutingWeights());
                        break;
                }
                property.SetValue(target, value);
            }
            return target;
        }
    }
}
