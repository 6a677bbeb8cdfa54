using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;

namespace Latchkey.Credentials.OAuth.Registration;

/// <summary>
/// Encrypts registered clients (the client secret above all) with Data Protection before they reach
/// the store, under a purpose of their own and bound to their provider, as the token vault does for
/// users' tokens: ciphertext moved to another provider's key, or read with another key ring, is refused.
/// </summary>
internal sealed partial class RegisteredClientVault
{
    private const string Purpose = "Latchkey.Credentials.OAuth.RegisteredClient.v1";
    private readonly IRegisteredClientStore _store;
    private readonly IDataProtector _protector;

    public RegisteredClientVault(IRegisteredClientStore store, IDataProtectionProvider dataProtection)
    {
        _store = store;
        _protector = dataProtection.CreateProtector(Purpose);
    }

    /// <summary>
    /// The provider's client, and the stored bytes to replace it against; the client is null when none
    /// is stored or the stored one cannot be read (then a new registration replaces it).
    /// </summary>
    public async Task<(RegisteredClient? Client, byte[]? Stored)> GetAsync(string provider, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(provider, cancellationToken);
        return (stored is null ? null : Unprotect(provider, stored), stored);
    }

    /// <summary>Stores <paramref name="client"/> if the stored bytes are still <paramref name="expected"/>; false when another instance stored first.</summary>
    public Task<bool> TryStoreAsync(string provider, byte[]? expected, RegisteredClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var payload = new StoredClient(
            client.ClientId, client.ClientSecret?.Reveal(), client.AuthMethod, client.SecretExpiresAt,
            client.RegistrationEndpoint, client.RedirectUri, client.RegisteredAt, provider);
        var value = _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(payload, StoredClientContext.Default.StoredClient));
        return _store.TryReplaceAsync(provider, expected, value, cancellationToken);
    }

    private RegisteredClient? Unprotect(string provider, byte[] stored)
    {
        StoredClient? payload;
        try
        {
            payload = JsonSerializer.Deserialize(_protector.Unprotect(stored), StoredClientContext.Default.StoredClient);
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            return null;
        }

        return payload is null || !string.Equals(payload.Provider, provider, StringComparison.Ordinal)
            ? null
            : new RegisteredClient
            {
                ClientId = payload.ClientId,
                ClientSecret = payload.ClientSecret is { Length: > 0 } secret ? new SecretValue(secret) : null,
                AuthMethod = payload.AuthMethod,
                SecretExpiresAt = payload.SecretExpiresAt,
                RegistrationEndpoint = payload.RegistrationEndpoint,
                RedirectUri = payload.RedirectUri,
                RegisteredAt = payload.RegisteredAt,
            };
    }

    internal sealed record StoredClient(
        string ClientId,
        string? ClientSecret,
        string AuthMethod,
        DateTimeOffset? SecretExpiresAt,
        string RegistrationEndpoint,
        string RedirectUri,
        DateTimeOffset RegisteredAt,
        string Provider);

    [JsonSerializable(typeof(StoredClient))]
    internal sealed partial class StoredClientContext : JsonSerializerContext;
}
