using Latchkey.Config;
using Latchkey.Credentials.OAuth;
using Latchkey.Credentials.OAuth.Discovery;
using Latchkey.Hosting;
using Latchkey.Providers;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.Credentials;

/// <summary>
/// Runs the authorization-code + PKCE flow by which a user connects a provider: builds the
/// authorize URL, and on the callback checks the single-use state, redeems the code and stores
/// the tokens in the vault under the tenant and user who started the flow.
/// </summary>
internal sealed partial class ConnectFlowService
{
    public static readonly TimeSpan FlowLifetime = TimeSpan.FromMinutes(10);

    private readonly IConnectFlowStore _flows;
    private readonly ITokenVault _vault;
    private readonly OAuthTokenClient _tokenClient;
    private readonly PublicUrl _publicUrl;
    private readonly TimeProvider _time;
    private readonly ISecretResolver _secrets;
    private readonly OAuthEndpointResolver _endpoints;
    private readonly ILogger<ConnectFlowService> _logger;

    public ConnectFlowService(
        IConnectFlowStore flows,
        ITokenVault vault,
        OAuthTokenClient tokenClient,
        PublicUrl publicUrl,
        TimeProvider time,
        ISecretResolver secrets,
        OAuthEndpointResolver endpoints,
        ILogger<ConnectFlowService> logger)
    {
        _secrets = secrets;
        _endpoints = endpoints;
        _flows = flows;
        _vault = vault;
        _tokenClient = tokenClient;
        _publicUrl = publicUrl;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Starts a flow for the tenant and user and returns Latchkey's own link page for it (never the
    /// provider's URL: the browser is bound on that page first); null when the provider cannot be connected.
    /// </summary>
    public async Task<ConnectFlowStart?> StartAsync(
        string tenant, string userId, ProviderDefinition provider, IReadOnlyList<string>? scopes, CancellationToken cancellationToken)
    {
        var created = await CreateAsync(tenant, userId, provider, scopes, cancellationToken);
        return created is { } c ? new ConnectFlowStart(c.Flow.Id, _publicUrl.ConnectLinkFor(c.Link)) : null;
    }

    /// <summary>
    /// Starts a flow for a person signed in to Latchkey's own pages and binds it at once to their
    /// browser, which holds <paramref name="bindingSecret"/> (no link page: they are the flow's user,
    /// so there is nobody to warn); null when the provider cannot be connected.
    /// </summary>
    public async Task<ConnectBinding?> StartBoundAsync(
        string tenant, string userId, ProviderDefinition provider, string bindingSecret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var created = await CreateAsync(tenant, userId, provider, scopes: null, cancellationToken);
        return created is { } c
            && await BindBrowserAsync(c.Link, bindingSecret, name => name == provider.Name ? provider : null, cancellationToken) is ConnectBindResult.Bound bound
            ? bound.Binding
            : null;
    }

    private async Task<(ConnectFlow Flow, string Link)?> CreateAsync(
        string tenant, string userId, ProviderDefinition provider, IReadOnlyList<string>? scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var oauth = provider.OAuth;
        // A registered client is only known once the flow is bound (BindBrowserAsync registers it if need be).
        var clientId = oauth?.ClientId is { } idReference ? await _secrets.ResolveAsync(idReference, cancellationToken) : null;
        if (oauth is null || !oauth.CanConnect || (clientId is null && !oauth.DynamicRegistration)
            || !await ClientSecretReadableAsync(oauth, cancellationToken))
        {
            return null;
        }

        var link = PkceValues.NewRandom();
        var now = _time.GetUtcNow();
        var flow = new ConnectFlow
        {
            Id = PkceValues.NewRandom()[..22],
            LinkHash = PkceValues.HashOf(link),
            Tenant = tenant,
            UserId = userId,
            Provider = provider.Name,
            CodeVerifier = oauth.UsePkce ? PkceValues.NewRandom() : null,
            Scopes = scopes is { Count: > 0 } ? scopes : oauth.Scopes,
            CreatedAt = now,
            ExpiresAt = now + FlowLifetime,
        };
        await _flows.AddAsync(flow, cancellationToken);
        Log.FlowStarted(_logger, provider.Name, flow.Id);
        return (flow, link);
    }

    /// <summary>The live, not yet bound flow behind a link, for the page that names its tenant and user.</summary>
    public async Task<ConnectFlow?> FindLinkAsync(string link, CancellationToken cancellationToken)
    {
        var flow = await _flows.FindByLinkAsync(PkceValues.HashOf(link), cancellationToken);
        return flow is { Status: ConnectFlowStatus.Pending, BindingHash: null } && _time.GetUtcNow() <= flow.ExpiresAt ? flow : null;
    }

    /// <summary>
    /// Binds the flow behind <paramref name="link"/> to the browser holding <paramref name="bindingSecret"/>,
    /// once: a second browser (or a second try) gets <see cref="ConnectBindResult.LinkUnusable"/>.
    /// Bound, it carries the provider's authorize URL.
    /// </summary>
    public async Task<ConnectBindResult> BindBrowserAsync(
        string link, string bindingSecret, Func<string, ProviderDefinition?> findProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findProvider);
        var flow = await _flows.ClaimLinkAsync(PkceValues.HashOf(link), cancellationToken);
        if (flow is not { Status: ConnectFlowStatus.Pending, BindingHash: null } || _time.GetUtcNow() > flow.ExpiresAt)
        {
            Log.LinkRefused(_logger);
            return new ConnectBindResult.LinkUnusable();
        }

        var provider = findProvider(flow.Provider);
        var resolution = provider is null ? OAuthResolution.None : await _endpoints.ResolveAsync(provider, cancellationToken);
        if (resolution is OAuthResolution.Failed failed)
        {
            return await FailBindAsync(flow, failed.Error, cancellationToken);
        }

        var oauth = resolution.Usable;

        var clientId = oauth?.ClientId is { } idReference ? await _secrets.ResolveAsync(idReference, cancellationToken) : null;
        if (oauth is not { CanConnect: true } || clientId is null || !await ClientSecretReadableAsync(oauth, cancellationToken))
        {
            return await FailBindAsync(flow, "provider_unavailable", cancellationToken);
        }

        var state = PkceValues.NewRandom();
        var bound = flow with { StateHash = PkceValues.HashOf(state), BindingHash = PkceValues.HashOf(bindingSecret) };
        await _flows.BindAsync(bound, cancellationToken);
        Log.FlowBound(_logger, flow.Provider, flow.Id);
        return new ConnectBindResult.Bound(new ConnectBinding(bound, AuthorizeUrl(oauth, clientId, state, bound)));
    }

    private async Task<ConnectBindResult> FailBindAsync(ConnectFlow flow, string error, CancellationToken cancellationToken)
    {
        await FailAsync(flow, error, cancellationToken);
        return new ConnectBindResult.FlowFailed(error);
    }

    /// <summary>
    /// False when a client secret is configured but cannot be read now: the user would consent, and
    /// the code exchange that follows could not authenticate, spending their single-use code.
    /// </summary>
    private async ValueTask<bool> ClientSecretReadableAsync(OAuthSettings oauth, CancellationToken cancellationToken) =>
        oauth.ClientSecret is not { } reference || await _secrets.ResolveAsync(reference, cancellationToken) is not null;

    private string AuthorizeUrl(OAuthSettings oauth, string clientId, string state, ConnectFlow flow)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in oauth.AuthorizeParams)
        {
            query[key] = value;
        }

        // The protocol parameters are set last so authorize_params cannot replace them.
        query["response_type"] = "code";
        query["client_id"] = clientId;
        query["redirect_uri"] = _publicUrl.CallbackUrl;
        query["state"] = state;
        if (flow.Scopes.Count > 0)
        {
            query["scope"] = string.Join(oauth.ScopeSeparator, flow.Scopes);
        }

        if (flow.CodeVerifier is { } verifier)
        {
            query["code_challenge"] = PkceValues.ChallengeOf(verifier);
            query["code_challenge_method"] = "S256";
        }

        if (oauth.Resource is { } resource)
        {
            // RFC 8707 §2.1: consent and the token are for the remote MCP server only.
            query["resource"] = resource;
        }

        return QueryHelpers.AddQueryString(oauth.AuthorizeUrl!.ToString(), query);
    }

    public ValueTask<ConnectFlow?> GetAsync(string tenant, string flowId, CancellationToken cancellationToken) =>
        _flows.GetAsync(tenant, flowId, cancellationToken);

    /// <summary>
    /// Finishes the flow named by <paramref name="state"/>, once; every later call with it gets no flow.
    /// Only the browser bound on the link page, which presents <paramref name="bindingSecret"/>, can finish it.
    /// </summary>
    public async Task<ConnectCallbackResult> CompleteAsync(
        string state, Func<string, string?> bindingSecretOf, string? code, string? providerError,
        Func<string, ProviderDefinition?> findProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bindingSecretOf);
        ArgumentNullException.ThrowIfNull(findProvider);
        var flow = await _flows.ConsumeStateAsync(PkceValues.HashOf(state), cancellationToken);
        if (flow is null || flow.Status != ConnectFlowStatus.Pending)
        {
            Log.StateRefused(_logger);
            return new ConnectCallbackResult(null, false);
        }

        // Whoever completes the provider's consent in another browser must not bind their account
        // to this flow's user: the phishing case of handing someone a live link (see docs/security.md).
        if (!PkceValues.MatchesHash(bindingSecretOf(flow.Id), flow.BindingHash))
        {
            return await FailAsync(flow, ConnectFlowErrors.BrowserMismatch, cancellationToken);
        }

        if (_time.GetUtcNow() > flow.ExpiresAt)
        {
            return await FailAsync(flow, "expired", cancellationToken);
        }

        if (providerError is not null)
        {
            return await FailAsync(flow, "access_denied", cancellationToken);
        }

        var provider = findProvider(flow.Provider);
        if (string.IsNullOrEmpty(code) || provider is null)
        {
            return await FailAsync(flow, "invalid_request", cancellationToken);
        }

        var result = await _tokenClient.RedeemCodeAsync(provider, code, flow.CodeVerifier, _publicUrl.CallbackUrl, cancellationToken);
        switch (result)
        {
            case TokenEndpointResult.Success success:
                var now = _time.GetUtcNow();
                var tokens = success.Tokens;
                await _vault.StoreAsync(new ConnectionKey(flow.Tenant, flow.UserId, flow.Provider), new UserToken
                {
                    AccessToken = tokens.AccessToken,
                    RefreshToken = tokens.RefreshToken,
                    ExpiresAt = tokens.ExpiresIn is { } lifetime ? now + lifetime : null,
                    Scopes = tokens.Scopes ?? flow.Scopes,
                    ConnectedAt = now,
                    RefreshedAt = now,
                    InstanceUrl = provider.OAuth?.VetInstanceUrl(tokens.InstanceUrl),
                }, cancellationToken);
                var completed = flow with { Status = ConnectFlowStatus.Completed };
                await _flows.UpdateAsync(completed, cancellationToken);
                Log.FlowCompleted(_logger, flow.Provider, flow.Id);
                return new ConnectCallbackResult(completed, true);

            case TokenEndpointResult.Rejected:
                return await FailAsync(flow, "token_exchange_refused", cancellationToken);

            default:
                var failed = await FailAsync(flow, "provider_unavailable", cancellationToken);
                return failed with { Transient = true };
        }
    }

    private async Task<ConnectCallbackResult> FailAsync(ConnectFlow flow, string error, CancellationToken cancellationToken)
    {
        var failed = flow with { Status = ConnectFlowStatus.Failed, Error = error };
        await _flows.UpdateAsync(failed, cancellationToken);
        Log.FlowFailed(_logger, flow.Provider, flow.Id, error);
        return new ConnectCallbackResult(failed, false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2301, EventName = "ConnectFlowStarted", Level = LogLevel.Information,
            Message = "Connect flow {FlowId} for provider {Provider} started")]
        public static partial void FlowStarted(ILogger logger, string provider, string flowId);

        [LoggerMessage(EventId = 2302, EventName = "ConnectFlowCompleted", Level = LogLevel.Information,
            Message = "Connect flow {FlowId} for provider {Provider} completed")]
        public static partial void FlowCompleted(ILogger logger, string provider, string flowId);

        [LoggerMessage(EventId = 2303, EventName = "ConnectFlowFailed", Level = LogLevel.Warning,
            Message = "Connect flow {FlowId} for provider {Provider} failed ({FlowError})")]
        public static partial void FlowFailed(ILogger logger, string provider, string flowId, string flowError);

        [LoggerMessage(EventId = 2304, EventName = "ConnectStateRefused", Level = LogLevel.Warning,
            Message = "OAuth callback with an unknown, used or expired state refused")]
        public static partial void StateRefused(ILogger logger);

        [LoggerMessage(EventId = 2305, EventName = "ConnectFlowBound", Level = LogLevel.Information,
            Message = "Connect flow {FlowId} for provider {Provider} bound to the browser that opened its link")]
        public static partial void FlowBound(ILogger logger, string provider, string flowId);

        [LoggerMessage(EventId = 2306, EventName = "ConnectLinkRefused", Level = LogLevel.Warning,
            Message = "Connect link that is unknown, already used or expired refused")]
        public static partial void LinkRefused(ILogger logger);
    }
}
