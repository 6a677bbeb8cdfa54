using System.Security.Cryptography;
using Latchkey.Credentials;

namespace Latchkey.Tests.Stores.Contracts;

/// <summary>What every <see cref="IConnectionStore"/> must do, run against each implementation.</summary>
public abstract class ConnectionStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Connected = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected IConnectionStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// True when two stores from <see cref="CreateStoreAsync"/> share their data (replicas on one
    /// Redis); false for the embedded store. The cross-instance test asserts whichever is declared.
    /// </summary>
    protected virtual bool InstancesShareState => false;

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
    public async Task Replace_writes_only_over_the_record_that_was_read()
    {
        var key = new ConnectionKey("acme", "alice", "mail");
        await Store.UpsertAsync(Record("acme", "alice", "mail", [1]), CancellationToken.None);

        Assert.False(await Store.ReplaceAsync(Record("acme", "alice", "mail", [3]), [2], CancellationToken.None));
        Assert.Equal([1], (await Store.GetAsync(key, CancellationToken.None))!.ProtectedTokens);

        Assert.True(await Store.ReplaceAsync(Record("acme", "alice", "mail", [2]) with { RefreshedAt = Connected.AddHours(1) }, [1], CancellationToken.None));
        var read = await Store.GetAsync(key, CancellationToken.None);
        Assert.Equal([2], read!.ProtectedTokens);
        Assert.Equal(Connected.AddHours(1), read.RefreshedAt);
        Assert.Single(await Store.ListAsync("acme", "alice", CancellationToken.None));
    }

    [Fact]
    public async Task Replace_never_brings_back_a_deleted_record()
    {
        var key = new ConnectionKey("acme", "alice", "mail");
        await Store.UpsertAsync(Record("acme", "alice", "mail", [1]), CancellationToken.None);
        await Store.DeleteAsync(key, CancellationToken.None);

        Assert.False(await Store.ReplaceAsync(Record("acme", "alice", "mail", [2]), [1], CancellationToken.None));

        Assert.Null(await Store.GetAsync(key, CancellationToken.None));
        Assert.Empty(await Store.ListAsync("acme", "alice", CancellationToken.None));
        Assert.Empty(await Store.ListAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Of_parallel_replaces_of_one_read_exactly_one_wins()
    {
        byte[] read = [.. Enumerable.Range(0, 256).Select(b => (byte)b)];
        await Store.UpsertAsync(Record("acme", "alice", "mail", read), CancellationToken.None);

        var wins = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            Task.Run(() => Store.ReplaceAsync(Record("acme", "alice", "mail", [(byte)i]), read, CancellationToken.None))));

        Assert.Single(wins, won => won);
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

    [Fact]
    public async Task Every_byte_value_and_a_large_ciphertext_round_trip_exactly()
    {
        // NUL, bytes that are not valid UTF-8, and more than a socket buffer's worth.
        byte[] ciphertext = [.. Enumerable.Range(0, 256).Select(b => (byte)b), .. RandomNumberGenerator.GetBytes(64 * 1024)];
        var record = Record("acme", "alice", "mail", ciphertext) with { Scopes = ["écrire", "read:org", "A", "a"] };

        await Store.UpsertAsync(record, CancellationToken.None);

        var read = await Store.GetAsync(record.Key, CancellationToken.None);
        Assert.Equal(ciphertext, read!.ProtectedTokens);
        Assert.Equal(["écrire", "read:org", "A", "a"], read.Scopes);
    }

    [Fact]
    public async Task Absent_optional_fields_come_back_absent()
    {
        await Store.UpsertAsync(Record("acme", "alice", "mail", [9]), CancellationToken.None);

        var read = await Store.GetAsync(new ConnectionKey("acme", "alice", "mail"), CancellationToken.None);

        Assert.Null(read!.ExpiresAt);
        Assert.Null(read.RefreshedAt);
        Assert.Empty(read.Scopes);
        Assert.Equal(Connected, read.ConnectedAt);
    }

    [Fact]
    public async Task Keys_are_case_sensitive()
    {
        await Store.UpsertAsync(Record("acme", "alice", "mail", [1]), CancellationToken.None);

        Assert.Null(await Store.GetAsync(new ConnectionKey("ACME", "alice", "mail"), CancellationToken.None));
        Assert.Null(await Store.GetAsync(new ConnectionKey("acme", "Alice", "mail"), CancellationToken.None));
        Assert.Null(await Store.GetAsync(new ConnectionKey("acme", "alice", "Mail"), CancellationToken.None));
        Assert.Empty(await Store.ListAsync("acme", "ALICE", CancellationToken.None));
    }

    [Fact]
    public async Task Deleting_in_one_tenant_leaves_the_same_user_and_provider_in_another()
    {
        await Store.UpsertAsync(Record("acme", "alice", "mail", [1]), CancellationToken.None);
        await Store.UpsertAsync(Record("globex", "alice", "mail", [2]), CancellationToken.None);

        Assert.True(await Store.DeleteAsync(new ConnectionKey("acme", "alice", "mail"), CancellationToken.None));

        Assert.Equal([2], Assert.Single(await Store.ListAsync("globex", "alice", CancellationToken.None)).ProtectedTokens);
        Assert.Equal("globex", Assert.Single(await Store.ListAllAsync(CancellationToken.None)).Key.Tenant);
    }

    [Fact]
    public async Task List_order_is_ordinal()
    {
        foreach (var provider in new[] { "zeta", "beta", "alpha", "Alpha", "_x" })
        {
            await Store.UpsertAsync(Record("acme", "alice", provider, [1]), CancellationToken.None);
        }

        var list = await Store.ListAsync("acme", "alice", CancellationToken.None);

        Assert.Equal(["Alpha", "_x", "alpha", "beta", "zeta"], list.Select(r => r.Key.Provider));
    }

    [Fact]
    public async Task Parallel_upserts_of_different_providers_are_all_kept()
    {
        var providers = Enumerable.Range(0, 20).Select(i => $"provider-{i:D2}").ToList();

        await Task.WhenAll(providers.Select(p => Task.Run(() => Store.UpsertAsync(Record("acme", "alice", p, [1]), CancellationToken.None))));

        Assert.Equal(providers, (await Store.ListAsync("acme", "alice", CancellationToken.None)).Select(r => r.Key.Provider));
        Assert.Equal(20, (await Store.ListAllAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_second_instance_sees_upserts_and_deletes_exactly_when_state_is_shared()
    {
        var second = await CreateStoreAsync();
        var key = new ConnectionKey("acme", "alice", "mail");

        await Store.UpsertAsync(Record("acme", "alice", "mail", [5, 6]), CancellationToken.None);

        if (InstancesShareState)
        {
            Assert.Equal([5, 6], (await second.GetAsync(key, CancellationToken.None))!.ProtectedTokens);
            Assert.True(await second.DeleteAsync(key, CancellationToken.None));
            Assert.Null(await Store.GetAsync(key, CancellationToken.None));
        }
        else
        {
            Assert.Null(await second.GetAsync(key, CancellationToken.None));
            Assert.False(await second.DeleteAsync(key, CancellationToken.None));
            Assert.NotNull(await Store.GetAsync(key, CancellationToken.None));
        }
    }

    protected abstract Task<IConnectionStore> CreateStoreAsync();

    private static ConnectionRecord Record(string tenant, string user, string provider, byte[] ciphertext) => new()
    {
        Key = new ConnectionKey(tenant, user, provider),
        ProtectedTokens = ciphertext,
        ConnectedAt = Connected,
    };
}
