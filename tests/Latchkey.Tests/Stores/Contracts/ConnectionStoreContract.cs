using Latchkey.Credentials;

namespace Latchkey.Tests.Stores.Contracts;

/// <summary>What every <see cref="IConnectionStore"/> must do, run against each implementation.</summary>
public abstract class ConnectionStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Connected = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected IConnectionStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Upserted_record_reads_back_exactly()
    {
        var record = Record("acme", "alice", "mail", [0, 1, 2, 255, 128, 7]) with
        {
            Scopes = ["a", "b c"],
            ExpiresAt = Connected.AddHours(1),
            RefreshedAt = Connected.AddMinutes(5),
        };
        await Store.UpsertAsync(record, CancellationToken.None);

        var read = await Store.GetAsync(record.Key, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(record.Key, read.Key);
        Assert.Equal(record.ProtectedTokens, read.ProtectedTokens);
        Assert.Equal(record.Scopes, read.Scopes);
        Assert.Equal(record.ConnectedAt, read.ConnectedAt);
        Assert.Equal(record.ExpiresAt, read.ExpiresAt);
        Assert.Equal(record.RefreshedAt, read.RefreshedAt);
    }

    [Fact]
    public async Task Upsert_replaces_the_previous_record()
    {
        await Store.UpsertAsync(Record("acme", "alice", "mail", [1]), CancellationToken.None);
        await Store.UpsertAsync(Record("acme", "alice", "mail", [2]), CancellationToken.None);

        Assert.Equal([2], (await Store.GetAsync(new ConnectionKey("acme", "alice", "mail"), CancellationToken.None))!.ProtectedTokens);
        Assert.Single(await Store.ListAsync("acme", "alice", CancellationToken.None));
    }

    [Fact]
    public async Task Another_tenant_user_or_provider_reads_nothing()
    {
        await Store.UpsertAsync(Record("acme", "alice", "mail", [1]), CancellationToken.None);

        Assert.Null(await Store.GetAsync(new ConnectionKey("globex", "alice", "mail"), CancellationToken.None));
        Assert.Null(await Store.GetAsync(new ConnectionKey("acme", "bob", "mail"), CancellationToken.None));
        Assert.Null(await Store.GetAsync(new ConnectionKey("acme", "alice", "crm"), CancellationToken.None));
        Assert.Empty(await Store.ListAsync("globex", "alice", CancellationToken.None));
        Assert.False(await Store.DeleteAsync(new ConnectionKey("globex", "alice", "mail"), CancellationToken.None));
    }

    [Fact]
    public async Task Delete_removes_once()
    {
        var key = new ConnectionKey("acme", "alice", "mail");
        await Store.UpsertAsync(Record("acme", "alice", "mail", [1]), CancellationToken.None);

        Assert.True(await Store.DeleteAsync(key, CancellationToken.None));
        Assert.False(await Store.DeleteAsync(key, CancellationToken.None));
        Assert.Null(await Store.GetAsync(key, CancellationToken.None));
        Assert.Empty(await Store.ListAsync("acme", "alice", CancellationToken.None));
        Assert.Empty(await Store.ListAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task List_gives_one_users_connections_ordered_by_provider()
    {
        await Store.UpsertAsync(Record("acme", "alice", "mail", [1]), CancellationToken.None);
        await Store.UpsertAsync(Record("acme", "alice", "crm", [2]), CancellationToken.None);
        await Store.UpsertAsync(Record("acme", "bob", "mail", [3]), CancellationToken.None);
        await Store.UpsertAsync(Record("globex", "alice", "docs", [4]), CancellationToken.None);

        var list = await Store.ListAsync("acme", "alice", CancellationToken.None);

        Assert.Equal(["crm", "mail"], list.Select(r => r.Key.Provider));
    }

    [Fact]
    public async Task List_all_spans_every_tenant()
    {
        await Store.UpsertAsync(Record("acme", "alice", "mail", [1]), CancellationToken.None);
        await Store.UpsertAsync(Record("globex", "bob", "crm", [2]), CancellationToken.None);
        await Store.UpsertAsync(Record("odd:tenant {x}", "c%d é", "mail", [3]), CancellationToken.None);

        var all = await Store.ListAllAsync(CancellationToken.None);

        Assert.Equal(
            ["acme/alice/mail", "globex/bob/crm", "odd:tenant {x}/c%d é/mail"],
            all.Select(r => $"{r.Key.Tenant}/{r.Key.UserId}/{r.Key.Provider}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Names_with_separators_never_collide()
    {
        await Store.UpsertAsync(Record("a:b", "c", "p", [1]), CancellationToken.None);
        await Store.UpsertAsync(Record("a", "b:c", "p", [2]), CancellationToken.None);
        await Store.UpsertAsync(Record("a%3Ab", "c", "p", [3]), CancellationToken.None);

        Assert.Equal([1], (await Store.GetAsync(new ConnectionKey("a:b", "c", "p"), CancellationToken.None))!.ProtectedTokens);
        Assert.Equal([2], (await Store.GetAsync(new ConnectionKey("a", "b:c", "p"), CancellationToken.None))!.ProtectedTokens);
        Assert.Equal([3], (await Store.GetAsync(new ConnectionKey("a%3Ab", "c", "p"), CancellationToken.None))!.ProtectedTokens);
    }

    protected abstract Task<IConnectionStore> CreateStoreAsync();

    private static ConnectionRecord Record(string tenant, string user, string provider, byte[] ciphertext) => new()
    {
        Key = new ConnectionKey(tenant, user, provider),
        ProtectedTokens = ciphertext,
        ConnectedAt = Connected,
    };
}
