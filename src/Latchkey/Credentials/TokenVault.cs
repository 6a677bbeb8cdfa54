using System.Text.Json;
using System.Text.Json.Serialization;
using Latchkey.Stores;
using Latchkey.Stores.Caching;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Latchkey.Credentials;

/// <summary>
/// Encrypts users' provider tokens before they reach the connection store and decrypts them on
/// the way out. Encryption uses ASP.NET Core Data Protection with a purpose bound to this vault,
/// so ciphertext copied to another purpose (or another deployment's key ring) cannot be read.
/// Decrypted tokens are kept in memory briefly so a warm request neither reads the store nor
/// decrypts; every store or delete, on any instance, evicts them through the change feed.
/// </summary>
internal sealed partial class TokenVault : ITokenVault
{
    private const string Purpose = "Latchkey.Credentials.TokenVault.v1";
    private readonly IConnectionStore _store;
    private readonly IDataProtector _protector;
    private readonly IStoreChangeFeed _feed;
    private readonly ExpiringCache<ConnectionKey, UserToken> _cache;
    private readonly TimeSpan _lifetime;

    public TokenVault(
        IConnectionStore store,
        IDataProtectionProvider dataProtection,
        IStoreChangeFeed feed,
        TimeProvider time,
        IOptions<StoreCacheOptions> cacheOptions)
    {
        ArgumentNullException.ThrowIfNull(cacheOptions);
        _store = store;
        _protector = dataProtection.CreateProtector(Purpose);
        _feed = feed;
        _lifetime = TimeSpan.FromSeconds(cacheOptions.Value.TokenSeconds);
        _cache = new ExpiringCache<ConnectionKey, UserToken>(time, cacheOptions.Value.MaxEntries);
        _feed.Changed += OnChanged;
        _feed.Reset += _cache.Clear;
    }

    public async ValueTask<UserToken?> GetAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        if (_feed.IsLive && _cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var generation = _feed.Generation;
        var token = await GetStoredAsync(key, cancellationToken);
        if (token is not null && _feed.IsLive && _feed.Generation == generation)
        {
            _cache.Set(key, token, _lifetime);
        }

        return token;
    }

    public async ValueTask<UserToken?> GetStoredAsync(ConnectionKey key, CancellationToken cancellationToken) =>
        (await GetVersionedAsync(key, cancellationToken))?.Token;

    public async ValueTask<StoredUserToken?> GetVersionedAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(key, cancellationToken);
        return record is not null && Unprotect(key, record.ProtectedTokens) is { } token
            ? new StoredUserToken(token, record.ProtectedTokens)
            : null;
    }

    public async Task<bool> ReplaceAsync(ConnectionKey key, StoredUserToken read, UserToken replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(replacement);
        if (!await _store.ReplaceAsync(RecordOf(key, replacement), read.Ciphertext, cancellationToken))
        {
            return false;
        }

        await _feed.PublishAsync(StoreChange.ConnectionChanged(_feed.Origin, key), cancellationToken);
        return true;
    }

    public async Task StoreAsync(ConnectionKey key, UserToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await _store.UpsertAsync(RecordOf(key, token), cancellationToken);
        await _feed.PublishAsync(StoreChange.ConnectionChanged(_feed.Origin, key), cancellationToken);
    }

    public async Task<bool> DeleteAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        var deleted = await _store.DeleteAsync(key, cancellationToken);
        await _feed.PublishAsync(StoreChange.ConnectionChanged(_feed.Origin, key), cancellationToken);
        return deleted;
    }

    private void OnChanged(StoreChange change)
    {
        if (change.Kind == StoreChangeKind.ConnectionChanged && change is { Tenant: { } tenant, UserId: { } user, Provider: { } provider })
        {
            _cache.Remove(new ConnectionKey(tenant, user, provider));
        }
    }

    private ConnectionRecord RecordOf(ConnectionKey key, UserToken token) => new()
    {
        Key = key,
        ProtectedTokens = Protect(key, token),
        Scopes = token.Scopes,
        ConnectedAt = token.ConnectedAt,
        ExpiresAt = token.ExpiresAt,
        RefreshedAt = token.RefreshedAt,
    };

    private byte[] Protect(ConnectionKey key, UserToken token)
    {
        var payload = new StoredTokens(
            token.AccessToken.Reveal(),
            token.RefreshToken?.Reveal(),
            token.ExpiresAt,
            token.Scopes,
            token.ConnectedAt,
            token.NeedsReauthorization,
            BindingOf(key),
            token.RefreshedAt,
            token.InstanceUrl?.AbsoluteUri);
        return _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(payload, StoredTokensContext.Default.StoredTokens));
    }

    private UserToken? Unprotect(ConnectionKey key, byte[] protectedTokens)
    {
        var payload = JsonSerializer.Deserialize(_protector.Unprotect(protectedTokens), StoredTokensContext.Default.StoredTokens);

        // The ciphertext names the connection it belongs to: a record moved to another
        // tenant's or user's key in the store is refused rather than used.
        if (payload is null || !string.Equals(payload.Binding, BindingOf(key), StringComparison.Ordinal))
        {
            return null;
        }

        return new UserToken
        {
            AccessToken = new SecretValue(payload.AccessToken),
            RefreshToken = payload.RefreshToken is { Length: > 0 } refresh ? new SecretValue(refresh) : null,
            ExpiresAt = payload.ExpiresAt,
            Scopes = payload.Scopes ?? [],
            ConnectedAt = payload.ConnectedAt,
            NeedsReauthorization = payload.NeedsReauthorization,
            RefreshedAt = payload.RefreshedAt,
            InstanceUrl = payload.InstanceUrl is { } instance ? new Uri(instance) : null,
        };
    }

    private static string BindingOf(ConnectionKey key) => $"{key.Tenant}\n{key.UserId}\n{key.Provider}";

    internal sealed record StoredTokens(
        string AccessToken,
        string? RefreshToken,
        DateTimeOffset? ExpiresAt,
        IReadOnlyList<string>? Scopes,
        DateTimeOffset ConnectedAt,
        bool NeedsReauthorization,
        string Binding,
        DateTimeOffset? RefreshedAt = null,
        string? InstanceUrl = null);

    [JsonSerializable(typeof(StoredTokens))]
    internal sealed partial class StoredTokensContext : JsonSerializerContext;
}
