namespace Latchkey.Providers;

/// <summary>What a provider's upstream speaks: a REST/HTTP API, or a remote MCP server (docs/mcp.md, part 2).</summary>
public enum ProviderKind
{
    /// <summary>Agents call the provider's HTTP API under <c>/{provider}/...</c>; rules name methods and paths.</summary>
    Http,

    /// <summary>
    /// The upstream is one remote MCP endpoint (Streamable HTTP), reached at <c>/{provider}/mcp</c>;
    /// rules name tools (<c>tool:</c>) and JSON-RPC methods (<c>mcp_methods:</c>).
    /// </summary>
    Mcp,
}
