using System;

namespace Auriko
{
    /// <summary>
    /// An Auriko API key that never reveals itself: <see cref="ToString"/> and every
    /// formatter see only the masked form, so a key cannot leak into logs or error text by accident.
    /// </summary>
    public sealed class AurikoApiKey
    {
        private readonly string _key;

        /// <summary>Wraps a key.</summary>
        /// <param name="key">The secret key, for example <c>ak_live_…</c>. The prefix is not validated.</param>
        /// <exception cref="ArgumentException">The key is null, empty or whitespace.</exception>
        public AurikoApiKey(string key)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ArgumentException("The API key must not be empty.", nameof(key));
            }

            _key = key.Trim();
            Masked = Mask(_key);
        }

        /// <summary>The key with all but its first and last four characters hidden ("ak_l…x7Qz"); "****" for short keys.</summary>
        public string Masked { get; }

        /// <summary>Returns <see cref="Masked"/>, never the key.</summary>
        public override string ToString() => Masked;

        /// <summary>Wraps a plain string key.</summary>
        /// <param name="key">The secret key.</param>
        public static implicit operator AurikoApiKey(string key) => new AurikoApiKey(key);

        /// <summary>The secret itself: only the transport (to build the Authorization header) and redaction use it.</summary>
        internal string Reveal() => _key;

        internal static string Mask(string key)
        {
            // Short keys would be mostly revealed by first4+last4, so hide them entirely.
            return key.Length < 12 ? "****" : key.Substring(0, 4) + "\u2026" + key.Substring(key.Length - 4);
        }
    }
}
