using Latchkey.Hosting.Errors;

namespace Latchkey.Providers;

/// <summary>One entry of <c>providers.yaml</c>: where agents' calls for it go and with which credential.</summary>
public sealed record ProviderDefinition
{
    private readonly Uri _upstream = null!;

    /// <summary>The first path segment agents use, <c>[a-z0-9-]+</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The <c>preset:</c> named in providers.yaml, for display only: its values are already in the settings below.</summary>
    public string? Preset { get; init; }

    /// <summary><c>kind</c>: an HTTP API (default) or a remote MCP server whose one endpoint is <see cref="Upstream"/>.</summary>
    public ProviderKind Kind { get; init; } = ProviderKind.Http;

    /// <summary>Absolute http(s) base address; its path, if any, prefixes every forwarded path.</summary>
    public required Uri Upstream
    {
        get => _upstream;
        init
        {
            _upstream = value;
            DestinationPrefix = value.AbsoluteUri.TrimEnd('/');
        }
    }

    /// <summary>
    /// <see cref="Upstream"/> without its trailing slash, computed once when the provider is built:
    /// the forwarder appends the canonical path to it on every request.
    /// </summary>
    public string DestinationPrefix { get; private init; } = string.Empty;

    /// <summary>
    /// <c>allow_private_network</c>: the upstream may be a loopback, link-local, metadata or private
    /// address (<see cref="PrivateNetworkAddress"/>); without it such an upstream is refused at load.
    /// </summary>
    public bool AllowPrivateNetwork { get; init; }

    public CredentialMode Credential { get; init; } = CredentialMode.User;

    public OAuthSettings? OAuth { get; init; }

    public AgentCredentialSettings? Agent { get; init; }

    public InjectSettings Inject { get; init; } = InjectSettings.Default;

    /// <summary>
    /// <c>session_token_from</c>: where this provider's agents may present their session token, in
    /// the order they are read (default: <c>Authorization</c> only). Whatever position is used, the
    /// token is never forwarded.
    /// </summary>
    public IReadOnlyList<SessionTokenSource> SessionTokenFrom { get; init; } = SessionTokenSource.Default;

    /// <summary>
    /// <c>errors</c>: the shape of Latchkey's error answers to this provider's agents, the one its
    /// SDKs parse (default: Latchkey's own; presets set their provider's).
    /// </summary>
    public ErrorEnvelope Errors { get; init; } = ErrorEnvelope.Latchkey;

    /// <summary>
    /// <c>graphql</c>: upstream paths that serve GraphQL over HTTP, on which rules may judge the
    /// operation with a <c>graphql:</c> key (docs/rules-conditions.md). Presets set GitHub's and Linear's.
    /// </summary>
    public IReadOnlyList<GraphQlEndpoint> GraphQlPaths { get; init; } = [];

    /// <summary>
    /// <c>batch</c>: upstream paths that carry many requests in one body; each sub-request is judged
    /// as if sent alone (docs/rules-conditions.md, "Batch requests"). Presets set Graph's, Google's and Salesforce's.
    /// </summary>
    public IReadOnlyList<BatchEndpoint> BatchEndpoints { get; init; } = [];
}
