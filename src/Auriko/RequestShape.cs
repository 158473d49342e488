namespace Auriko
{
    /// <summary>Where the Auriko-specific request fields go on the wire ("Two documentation eras" in src/Auriko/README.md).</summary>
    public enum RequestShape
    {
        /// <summary>Top-level <c>routing</c>, <c>models</c> and <c>auriko_metadata</c> (the Python SDK guide's shape; default).</summary>
        TopLevel,

        /// <summary>The newer shape: <c>gateway.routing</c>, <c>gateway.models</c>, <c>gateway.metadata</c>.</summary>
        Gateway,
    }
}
