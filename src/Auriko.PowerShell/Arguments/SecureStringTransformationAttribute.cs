using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using Auriko.PowerShell.Internal;

namespace Auriko.PowerShell.Arguments
{
    /// <summary>
    /// Lets a SecureString parameter also take a plain string or a PSCredential (its password),
    /// so <c>-ApiKey 'ak_...'</c>, <c>-ApiKey (Read-Host -AsSecureString)</c> and
    /// <c>-ApiKey (Get-Secret Auriko)</c> all work.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>Converts the bound value to a SecureString.</summary>
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = PSObjects.Unwrap(inputData);
            switch (value)
            {
                case null:
                    return null;
                case SecureString secure:
                    return secure;
                case PSCredential credential:
                    return credential.Password;
                case NetworkCredential network:
                    return network.SecurePassword;
                case string plain:
                    return ToSecureString(plain);
                default:
                    // Never echo the value: it may be a secret.
                    throw new ArgumentTransformationMetadataException(
                        "Expected a string, a SecureString or a PSCredential (got " + (value is PSObject ? "PSCustomObject" : value.GetType().Name) + ").");
            }
        }

        internal static SecureString ToSecureString(string plain)
        {
            var secure = new SecureString();
            foreach (char c in plain)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        internal static string ToPlainString(SecureString secure) => new NetworkCredential(string.Empty, secure).Password;
    }
}
