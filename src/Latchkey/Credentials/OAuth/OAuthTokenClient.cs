using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.Config;
using Latchkey.Credentials.OAuth.Discovery;
using Latchkey.Providers;

namespace Latchkey.Credentials.OAuth;

/// <summary>
/// Talks to a provider's token and revocation endpoints for users' connections: redeems
/// authorization codes, refreshes and revokes. Uses the non-redirecting "latchkey-token" client.
/// </summary>
internal sealed partial class OAuthTokenClient
{
    // Generous: giving up on a slow but working token endpoint and retrying sends a second refresh,
    // and with rotating refresh tokens the loser of that race can void the user's connection.
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ISecretResolver _secrets;
    private readonly OAuthEndpointResolver _endpoints;
    private readonly ILogger<OAuthTokenClient> _logger;

    public OAuthTokenClient(IHttpClientFactory httpClientFactory, ISecretResolver secrets, OAuthEndpointResolver endpoints, ILogger<OAuthTokenClient> logger)
    {
        _secrets = secrets;
        _endpoints = endpoints;
        _httpClientFactory = httpClientFactory;
        _logger = logger;
    }

    public Task<TokenEndpointResult> RedeemCodeAsync(
        ProviderDefinition provider, string code, string? codeVerifier, string redirectUri, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", redirectUri),
        };
        if (codeVerifier is not null)
        {
            form.Add(new("code_verifier", codeVerifier));
        }

        return SendAsync(provider, form, cancellationToken);
    }

    public Task<TokenEndpointResult> RefreshAsync(ProviderDefinition provider, SecretValue refreshToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refreshToken);
        return SendAsync(provider, [new("grant_type", "refresh_token"), new("refresh_token", refreshToken.Reveal())], cancellationToken);
    }

    /// <summary>Revokes the grant behind <paramref name="token"/>; best effort, true when the provider acknowledged it.</summary>
    public Task<bool> RevokeGrantAsync(ProviderDefinition provider, UserToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(token);

        // Revoking the refresh token ends the whole grant at RFC 7009 servers (§2.1); a preset
        // whose endpoint takes only access tokens (Slack's auth.revoke) is given that one.
        var (revocable, hint) = token.RefreshToken is { } refresh && provider.OAuth is not { RevokesAccessTokenOnly: true }
            ? (refresh, "refresh_token")
            : (token.AccessToken, "access_token");
        return RevokeAsync(provider, revocable, hint, cancellationToken);
    }

    /// <summary>RFC 7009 revocation; best effort, true when the provider acknowledged it.</summary>
    public async Task<bool> RevokeAsync(ProviderDefinition provider, SecretValue token, string tokenTypeHint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(token);
        var oauth = (await _endpoints.ResolveAsync(provider, cancellationToken)).Usable;
        if (oauth?.RevokeUrl is null)
        {
            return false;
        }

        var clientId = oauth.ClientId is { } idReference ? await _secrets.ResolveAsync(idReference, cancellationToken) : null;
        var clientSecret = oauth.ClientSecret is { } secretReference ? await _secrets.ResolveAsync(secretReference, cancellationToken) : null;
        try
        {
            using var request = BuildRequest(oauth, oauth.RevokeUrl, [new("token", token.Reveal()), new("token_type_hint", tokenTypeHint)], clientId ?? string.Empty, clientSecret);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AttemptTimeout);
            using var response = await _httpClientFactory.CreateClient(ClientCredentialsTokenSource.HttpClientName).SendAsync(request, timeout.Token);
            Log.Revoked(_logger, provider.Name, (int)response.StatusCode);
            return response.IsSuccessStatusCode && !await SaysNotOkAsync(response, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            Log.Unreachable(_logger, provider.Name, ex.GetType().Name);
            return false;
        }
    }

    /// <summary>
    /// True for a Slack-style Web API answer, 200 with <c>{"ok": false}</c>; an RFC 7009 answer (empty
    /// or any other body) is not read further. Bodies are small; a larger one is not looked into.
    /// </summary>
    private static async Task<bool> SaysNotOkAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > 64 * 1024 || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return false;
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<TokenEndpointResult> SendAsync(
        ProviderDefinition provider, List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var resolution = await _endpoints.ResolveAsync(provider, cancellationToken);
        if (resolution is OAuthResolution.Failed)
        {
            // Logged by the resolver; the grant is kept and tried again once the metadata (or registration) is back.
            return new TokenEndpointResult.Transient();
        }

        var oauth = resolution.Usable;

        var clientId = oauth?.ClientId is { } idReference ? await _secrets.ResolveAsync(idReference, cancellationToken) : null;
        if (oauth?.TokenUrl is null || clientId is null)
        {
            Log.NotConfigured(_logger, provider.Name);
            return new TokenEndpointResult.Rejected("client_not_configured");
        }

        var clientSecret = oauth.ClientSecret is { } secretReference ? await _secrets.ResolveAsync(secretReference, cancellationToken) : null;
        if (oauth.Resource is { } resource)
        {
            // RFC 8707 §2.2: the token (code or refresh grant) is asked for the remote MCP server only.
            form.Add(new("resource", resource));
        }

        try
        {
            using var request = BuildRequest(oauth, oauth.TokenUrl, form, clientId, clientSecret);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AttemptTimeout);
            using var response = await _httpClientFactory.CreateClient(ClientCredentialsTokenSource.HttpClientName).SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Log.TransientStatus(_logger, provider.Name, status);
                return new TokenEndpointResult.Transient();
            }

            // Read as bytes, at most 64 KB: the charset the server names is never trusted to decode with.
            using var body = await BoundedJson.ReadObjectAsync(response, timeout.Token);
            var result = TokenResponseParser.Parse(body, response.IsSuccessStatusCode);
            if (result is TokenEndpointResult.Rejected rejected)
            {
                Log.Rejected(_logger, provider.Name, status, rejected.Error);
            }

            return result;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.Unreachable(_logger, provider.Name, ex.GetType().Name);
            return new TokenEndpointResult.Transient();
        }
    }

    private static HttpRequestMessage BuildRequest(
        OAuthSettings oauth, Uri endpoint, List<KeyValuePair<string, string>> form, string clientId, string? clientSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (oauth.EffectiveClientAuth == OAuthClientAuthentication.ClientSecretBasic && clientSecret is not null)
        {
            // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }
        else
        {
            form.Add(new("client_id", clientId));
            if (clientSecret is not null)
            {
                form.Add(new("client_secret", clientSecret));
            }
        }

        request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, EventName = "UserTokenEndpointRejected", Level = LogLevel.Warning,
            Message = "Token endpoint of provider {Provider} refused the grant with status {Status} ({OAuthError})")]
        public static partial void Rejected(ILogger logger, string provider, int status, string oauthError);

        [LoggerMessage(EventId = 2202, EventName = "UserTokenEndpointTransient", Level = LogLevel.Warning,
            Message = "Token endpoint of provider {Provider} answered {Status}; the call may be retried")]
        public static partial void TransientStatus(ILogger logger, string provider, int status);

        [LoggerMessage(EventId = 2203, EventName = "UserTokenEndpointUnreachable", Level = LogLevel.Warning,
            Message = "Token or revocation endpoint of provider {Provider} could not be reached ({ErrorType})")]
        public static partial void Unreachable(ILogger logger, string provider, string errorType);

        [LoggerMessage(EventId = 2204, EventName = "UserOAuthNotConfigured", Level = LogLevel.Error,
            Message = "Provider {Provider} has no oauth token_url or client_id (environment variable not set)")]
        public static partial void NotConfigured(ILogger logger, string provider);

        [LoggerMessage(EventId = 2205, EventName = "UserTokenRevoked", Level = LogLevel.Information,
            Message = "Revocation endpoint of provider {Provider} answered {Status}")]
        public static partial void Revoked(ILogger logger, string provider, int status);
    }
}
