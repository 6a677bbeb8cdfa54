using Latchkey.Credentials.OAuth.Registration;

namespace Latchkey.Tests.Stores.Contracts;

/// <summary>What every <see cref="IRegisteredClientStore"/> must do: a compare-and-set that lets exactly one writer win.</summary>
public abstract class RegisteredClientStoreContract : IAsyncLifetime
{
    private static readonly byte[] First = [1, 2, 3, 0, 255];
    private static readonly byte[] Second = [9, 8, 7];

    protected IRegisteredClientStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Absent_client_reads_as_null_and_is_added_once()
    {
        Assert.Null(await Store.GetAsync("remote", CancellationToken.None));

        Assert.True(await Store.TryReplaceAsync("remote", null, First, CancellationToken.None));
        Assert.False(await Store.TryReplaceAsync("remote", null, Second, CancellationToken.None));

        Assert.Equal(First, await Store.GetAsync("remote", CancellationToken.None));
    }

    [Fact]
    public async Task Replacement_succeeds_only_against_the_value_stored()
    {
        await Store.TryReplaceAsync("remote", null, First, CancellationToken.None);

        Assert.False(await Store.TryReplaceAsync("remote", Second, [4], CancellationToken.None));
        Assert.True(await Store.TryReplaceAsync("remote", First, Second, CancellationToken.None));
        Assert.False(await Store.TryReplaceAsync("remote", First, [5], CancellationToken.None));

        Assert.Equal(Second, await Store.GetAsync("remote", CancellationToken.None));
    }

    [Fact]
    public async Task Providers_do_not_share_a_client()
    {
        await Store.TryReplaceAsync("remote", null, First, CancellationToken.None);

        Assert.Null(await Store.GetAsync("remote:x", CancellationToken.None));
        Assert.True(await Store.TryReplaceAsync("other", null, Second, CancellationToken.None));
        Assert.Equal(First, await Store.GetAsync("remote", CancellationToken.None));
    }

    protected abstract Task<IRegisteredClientStore> CreateStoreAsync();
}
