using Latchkey.Credentials;

namespace Latchkey.Tests.Credentials;

/// <summary>A connection store that passes every call to <paramref name="inner"/>; a test overrides the one it changes.</summary>
internal class DelegatingConnectionStore(IConnectionStore inner) : IConnectionStore
{
    public virtual ValueTask<ConnectionRecord?> GetAsync(ConnectionKey key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public virtual Task UpsertAsync(ConnectionRecord record, CancellationToken cancellationToken) => inner.UpsertAsync(record, cancellationToken);

    public virtual Task<bool> ReplaceAsync(ConnectionRecord replacement, byte[] expectedTokens, CancellationToken cancellationToken) =>
        inner.ReplaceAsync(replacement, expectedTokens, cancellationToken);

    public virtual Task<bool> DeleteAsync(ConnectionKey key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public virtual Task<IReadOnlyList<ConnectionRecord>> ListAsync(string tenant, string userId, CancellationToken cancellationToken) =>
        inner.ListAsync(tenant, userId, cancellationToken);

    public virtual Task<IReadOnlyList<ConnectionRecord>> ListAllAsync(CancellationToken cancellationToken) => inner.ListAllAsync(cancellationToken);
}
