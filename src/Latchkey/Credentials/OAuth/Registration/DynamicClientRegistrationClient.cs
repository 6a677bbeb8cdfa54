using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latchkey.Credentials.OAuth.Registration;

/// <summary>
/// Registers Latchkey as an OAuth client at an authorization server's RFC 7591 endpoint: redirect
/// URI Latchkey's callback, the code and refresh grants, client name "Latchkey", and the first of
/// <see cref="RegisteredClient.AuthMethods"/> the server supports (a public client with PKCE when it
/// can). The answer is hostile until checked: at most 64 KB, a JSON object with a usable
/// <c>client_id</c>; an error body is never read, logged or passed on. Uses the non-redirecting
/// "latchkey-token" client: a redirect is a refusal, never followed.
/// </summary>
internal sealed class DynamicClientRegistrationClient
{
    public const string ClientName = "Latchkey";
    private const int MaxClientIdLength = 512;
    private const int MaxClientSecretLength = 4096;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _time;

    public DynamicClientRegistrationClient(IHttpClientFactory httpClientFactory, TimeProvider time)
    {
        _httpClientFactory = httpClientFactory;
        _time = time;
    }

    /// <summary>The method Latchkey registers with, from the server's supported list; null when it supports none Latchkey can use.</summary>
    public static string? ChooseAuthMethod(IReadOnlyList<string> supported) =>
        RegisteredClient.AuthMethods.FirstOrDefault(method => supported.Contains(method, StringComparer.Ordinal));

    public async Task<ClientRegistrationResult> RegisterAsync(
        Uri registrationEndpoint, string redirectUri, IReadOnlyList<string> supportedAuthMethods, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registrationEndpoint);
        ArgumentNullException.ThrowIfNull(supportedAuthMethods);
        ArgumentNullException.ThrowIfNull(scopes);
        if (ChooseAuthMethod(supportedAuthMethods) is not { } method)
        {
            return new ClientRegistrationResult.Failed(ClientRegistrationFailures.AuthMethodUnsupported);
        }

        var metadata = new JsonObject
        {
            ["client_name"] = ClientName,
            ["redirect_uris"] = new JsonArray(redirectUri),
            ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
            ["response_types"] = new JsonArray("code"),
            ["token_endpoint_auth_method"] = method,
        };
        if (scopes.Count > 0)
        {
            metadata["scope"] = string.Join(' ', scopes);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AttemptTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, registrationEndpoint) { Content = new StringContent(metadata.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _httpClientFactory.CreateClient(ClientCredentialsTokenSource.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return new ClientRegistrationResult.Failed(ClientRegistrationFailures.RegistrationUnavailable, status);
            }

            if (!response.IsSuccessStatusCode)
            {
                // RFC 7591 §3.2.2's error body is the server's text: not read, so nothing of it is logged or shown.
                return new ClientRegistrationResult.Failed(ClientRegistrationFailures.RegistrationRefused, status);
            }

            using var document = await BoundedJson.ReadObjectAsync(response, timeout.Token);
            var client = document is null ? null : ClientOf(document.RootElement, method, registrationEndpoint, redirectUri);
            return client is null
                ? new ClientRegistrationResult.Failed(ClientRegistrationFailures.InvalidResponse, status)
                : new ClientRegistrationResult.Registered(client);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ClientRegistrationResult.Failed(ClientRegistrationFailures.RegistrationUnavailable);
        }
    }

    /// <summary>RFC 7591 §3.2.1: the client the server issued, or null when the answer cannot be used as it stands.</summary>
    private RegisteredClient? ClientOf(JsonElement response, string requestedMethod, Uri registrationEndpoint, string redirectUri)
    {
        var clientId = StringOf(response, "client_id");
        var clientSecret = StringOf(response, "client_secret");
        var method = response.TryGetProperty("token_endpoint_auth_method", out _) ? StringOf(response, "token_endpoint_auth_method") : requestedMethod;
        if (!IsPrintable(clientId, MaxClientIdLength) || method is null || !RegisteredClient.AuthMethods.Contains(method, StringComparer.Ordinal))
        {
            return null;
        }

        // The server may change the method it was asked for (§3.2.1); a secret method needs its secret.
        if (method == RegisteredClient.None)
        {
            clientSecret = null;
        }
        else if (!IsPrintable(clientSecret, MaxClientSecretLength))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        DateTimeOffset? expires = null;
        if (clientSecret is not null && response.TryGetProperty("client_secret_expires_at", out var expiresAt))
        {
            // Seconds since the epoch; 0: the secret does not expire. An already expired secret is useless.
            if (expiresAt.ValueKind != JsonValueKind.Number || !expiresAt.TryGetInt64(out var seconds) || seconds < 0
                || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return null;
            }

            expires = seconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(seconds);
            if (expires <= now)
            {
                return null;
            }
        }

        return new RegisteredClient
        {
            ClientId = clientId!,
            ClientSecret = clientSecret is null ? null : new SecretValue(clientSecret),
            AuthMethod = method,
            SecretExpiresAt = expires,
            RegistrationEndpoint = registrationEndpoint.AbsoluteUri,
            RedirectUri = redirectUri,
            RegisteredAt = now,
        };
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsPrintable(string? value, int maxLength) =>
        value is { Length: > 0 } && value.Length <= maxLength && !value.Any(char.IsControl);
}
