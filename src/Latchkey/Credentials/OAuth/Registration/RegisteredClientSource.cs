using Latchkey.Credentials.OAuth.Discovery;
using Latchkey.Hosting;
using Latchkey.Providers;

namespace Latchkey.Credentials.OAuth.Registration;

/// <summary>
/// A <c>registration: dynamic</c> provider's client: the stored one while it fits (same registration
/// endpoint and callback URL, secret not expiring within a connect flow), else one registered now.
/// One registration at a time per provider in this instance; across instances the store's
/// compare-and-set keeps the first client stored and the others use it (docs/mcp.md).
/// </summary>
internal sealed partial class RegisteredClientSource
{
    /// <summary>A client whose secret expires sooner is replaced: a flow started now finishes with the client it began with.</summary>
    public static readonly TimeSpan ExpiryMargin = ConnectFlowService.FlowLifetime;

    private readonly SingleFlight<ClientRegistrationResult> _registrations = new();
    private readonly RegisteredClientVault _vault;
    private readonly DynamicClientRegistrationClient _client;
    private readonly PublicUrl _publicUrl;
    private readonly TimeProvider _time;
    private readonly ILogger<RegisteredClientSource> _logger;

    public RegisteredClientSource(
        RegisteredClientVault vault, DynamicClientRegistrationClient client, PublicUrl publicUrl, TimeProvider time, ILogger<RegisteredClientSource> logger)
    {
        _vault = vault;
        _client = client;
        _publicUrl = publicUrl;
        _time = time;
        _logger = logger;
    }

    public async Task<ClientRegistrationResult> GetAsync(ProviderDefinition provider, DiscoveredOAuthEndpoints endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.RegistrationUrl is not { } url)
        {
            return Failed(provider, new ClientRegistrationResult.Failed(ClientRegistrationFailures.RegistrationUnsupported));
        }

        // The same rule as every discovered URL: https, and inside the network only when the provider allows it.
        if (!OAuthServerUrls.IsAcceptable(url, provider))
        {
            return Failed(provider, new ClientRegistrationResult.Failed(ClientRegistrationFailures.InsecureUrl));
        }

        var (stored, _) = await _vault.GetAsync(provider.Name, cancellationToken);
        if (IsUsable(stored, url))
        {
            return new ClientRegistrationResult.Registered(stored!);
        }

        return await _registrations.RunAsync(
            $"{provider.Name}\n{url.AbsoluteUri}", () => RegisterAsync(provider, endpoints, url), cancellationToken);
    }

    private async Task<ClientRegistrationResult> RegisterAsync(ProviderDefinition provider, DiscoveredOAuthEndpoints endpoints, Uri url)
    {
        // Another caller may have stored a client since this one looked.
        var (stored, storedBytes) = await _vault.GetAsync(provider.Name, CancellationToken.None);
        if (IsUsable(stored, url))
        {
            return new ClientRegistrationResult.Registered(stored!);
        }

        var result = await _client.RegisterAsync(url, _publicUrl.CallbackUrl, endpoints.TokenEndpointAuthMethods, provider.OAuth?.Scopes ?? [], CancellationToken.None);
        if (result is not ClientRegistrationResult.Registered registered)
        {
            return Failed(provider, (ClientRegistrationResult.Failed)result);
        }

        if (await _vault.TryStoreAsync(provider.Name, storedBytes, registered.Client, CancellationToken.None))
        {
            Log.Registered(_logger, provider.Name, registered.Client.AuthMethod, stored is null ? "first" : "replaced");
            return registered;
        }

        // Another instance stored its client first: every instance uses that one, this one is left unused.
        var (winner, _) = await _vault.GetAsync(provider.Name, CancellationToken.None);
        Log.LostRace(_logger, provider.Name);
        return IsUsable(winner, url)
            ? new ClientRegistrationResult.Registered(winner!)
            : Failed(provider, new ClientRegistrationResult.Failed(ClientRegistrationFailures.RegistrationUnavailable));
    }

    private bool IsUsable(RegisteredClient? client, Uri url) =>
        client is not null && client.IsUsableFor(url.AbsoluteUri, _publicUrl.CallbackUrl, _time.GetUtcNow(), ExpiryMargin);

    private ClientRegistrationResult.Failed Failed(ProviderDefinition provider, ClientRegistrationResult.Failed failed)
    {
        Log.Failed(_logger, provider.Name, failed.Reason, failed.Status ?? 0);
        return failed;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2411, EventName = "OAuthClientRegistered", Level = LogLevel.Information,
            Message = "OAuth client for provider {Provider} registered with its authorization server ({AuthMethod}, {Registration})")]
        public static partial void Registered(ILogger logger, string provider, string authMethod, string registration);

        [LoggerMessage(EventId = 2412, EventName = "OAuthClientRegistrationFailed", Level = LogLevel.Error,
            Message = "OAuth client registration for provider {Provider} failed ({RegistrationError}, status {Status}); it cannot be connected until that is fixed")]
        public static partial void Failed(ILogger logger, string provider, string registrationError, int status);

        [LoggerMessage(EventId = 2413, EventName = "OAuthClientRegistrationSuperseded", Level = LogLevel.Information,
            Message = "Another instance stored an OAuth client for provider {Provider} first; that client is used")]
        public static partial void LostRace(ILogger logger, string provider);
    }
}
