using System.Collections.Frozen;
using Latchkey.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Stores.Contracts;

/// <summary>What every <see cref="ISessionStore"/> must do, run against each implementation.</summary>
public abstract class SessionStoreContract : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected ISessionStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await CreateStoreAsync(Time);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// True when two stores from <see cref="CreateStoreAsync"/> share their data (replicas on one
    /// Redis); false for the embedded store. The cross-instance test asserts whichever is declared.
    /// </summary>
    protected virtual bool InstancesShareState => false;

    [Fact]
    public async Task Created_session_is_found_by_token_hash_and_by_id_with_every_field()
    {
        var session = Session("acme", "ses_1", "hash-1", scopes: ["email.send", "tickets.read"]);
        await Store.CreateAsync(session, CancellationToken.None);

        var byHash = await Store.FindByTokenHashAsync("hash-1", CancellationToken.None);
        var byId = await Store.GetAsync("acme", "ses_1", CancellationToken.None);

        foreach (var found in new[] { byHash, byId })
        {
            Assert.NotNull(found);
            Assert.Equal(session.Id, found.Id);
            Assert.Equal(session.TokenHash, found.TokenHash);
            Assert.Equal(session.Tenant, found.Tenant);
            Assert.Equal(session.UserId, found.UserId);
            Assert.Equal(session.AgentId, found.AgentId);
            Assert.Equal(session.CreatedAt, found.CreatedAt);
            Assert.Equal(session.ExpiresAt, found.ExpiresAt);
            Assert.True(found.Scopes.SetEquals(["email.send", "tickets.read"]));
            Assert.Null(found.RevokedAt);
        }
    }

    [Fact]
    public async Task Unknown_token_hash_and_id_find_nothing()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1"), CancellationToken.None);

        Assert.Null(await Store.FindByTokenHashAsync("hash-2", CancellationToken.None));
        Assert.Null(await Store.GetAsync("acme", "ses_2", CancellationToken.None));
    }

    [Fact]
    public async Task A_session_is_invisible_from_another_tenant()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1"), CancellationToken.None);

        Assert.Null(await Store.GetAsync("globex", "ses_1", CancellationToken.None));
        Assert.Empty(await Store.ListAsync("globex", null, CancellationToken.None));
        Assert.False(await Store.RevokeAsync("globex", "ses_1", Time.GetUtcNow(), CancellationToken.None));
        Assert.Null((await Store.GetAsync("acme", "ses_1", CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task Same_id_in_two_tenants_are_two_sessions()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-a"), CancellationToken.None);
        await Store.CreateAsync(Session("globex", "ses_1", "hash-g"), CancellationToken.None);

        Assert.Equal("hash-a", (await Store.GetAsync("acme", "ses_1", CancellationToken.None))!.TokenHash);
        Assert.Equal("hash-g", (await Store.GetAsync("globex", "ses_1", CancellationToken.None))!.TokenHash);
        Assert.True(await Store.RevokeAsync("acme", "ses_1", Time.GetUtcNow(), CancellationToken.None));
        Assert.Null((await Store.FindByTokenHashAsync("hash-g", CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task List_returns_the_tenants_sessions_and_filters_by_user()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "h1", user: "alice"), CancellationToken.None);
        await Store.CreateAsync(Session("acme", "ses_2", "h2", user: "bob"), CancellationToken.None);
        await Store.CreateAsync(Session("globex", "ses_3", "h3", user: "alice"), CancellationToken.None);

        var all = await Store.ListAsync("acme", null, CancellationToken.None);
        var alice = await Store.ListAsync("acme", "alice", CancellationToken.None);

        Assert.Equal(["ses_1", "ses_2"], all.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal("ses_1", Assert.Single(alice).Id);
    }

    [Fact]
    public async Task Revoke_is_seen_by_token_lookups_and_happens_once()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1"), CancellationToken.None);
        var at = Time.GetUtcNow();

        Assert.True(await Store.RevokeAsync("acme", "ses_1", at, CancellationToken.None));
        Assert.False(await Store.RevokeAsync("acme", "ses_1", at.AddMinutes(1), CancellationToken.None));

        var found = await Store.FindByTokenHashAsync("hash-1", CancellationToken.None);
        Assert.Equal(at, found!.RevokedAt);
        Assert.False(found.IsActive(Time.GetUtcNow()));
    }

    [Fact]
    public async Task Revoking_an_unknown_session_reports_false()
    {
        Assert.False(await Store.RevokeAsync("acme", "ses_missing", Time.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task Expired_session_is_gone_from_every_read()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1", lifetime: TimeSpan.FromMinutes(5)), CancellationToken.None);
        await Store.CreateAsync(Session("acme", "ses_2", "hash-2", lifetime: TimeSpan.FromHours(5)), CancellationToken.None);

        Time.Advance(TimeSpan.FromMinutes(6));

        Assert.Null(await Store.FindByTokenHashAsync("hash-1", CancellationToken.None));
        Assert.Null(await Store.GetAsync("acme", "ses_1", CancellationToken.None));
        Assert.Equal("ses_2", Assert.Single(await Store.ListAsync("acme", null, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task Creating_a_session_twice_is_refused()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1"), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateAsync(Session("acme", "ses_1", "hash-9"), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateAsync(Session("acme", "ses_9", "hash-1"), CancellationToken.None));
    }

    [Fact]
    public async Task Names_with_separators_and_braces_stay_apart()
    {
        await Store.CreateAsync(Session("a:b", "ses_1", "h1", user: "c"), CancellationToken.None);
        await Store.CreateAsync(Session("a", "ses_1", "h2", user: "b:c"), CancellationToken.None);
        await Store.CreateAsync(Session("x}{t:acme", "ses_1", "h3"), CancellationToken.None);

        Assert.Equal("h1", (await Store.GetAsync("a:b", "ses_1", CancellationToken.None))!.TokenHash);
        Assert.Equal("h2", (await Store.GetAsync("a", "ses_1", CancellationToken.None))!.TokenHash);
        Assert.Null(await Store.GetAsync("acme", "ses_1", CancellationToken.None));
        Assert.Single(await Store.ListAsync("x}{t:acme", null, CancellationToken.None));
    }

    [Fact]
    public async Task Store_answers_ping()
    {
        Assert.True(await Store.PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Scopes_come_back_as_an_ordinal_set()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1", scopes: ["repo", "REPO", "écrire ✓"]), CancellationToken.None);

        var scopes = (await Store.GetAsync("acme", "ses_1", CancellationToken.None))!.Scopes;

        Assert.Equal(3, scopes.Count);
        Assert.Contains("repo", scopes);
        Assert.Contains("REPO", scopes);
        Assert.Contains("écrire ✓", scopes);
        Assert.DoesNotContain("Repo", scopes);
    }

    [Fact]
    public async Task Revocation_is_seen_by_id_and_by_the_list_with_its_instant()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1"), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(3));
        var at = Time.GetUtcNow();

        Assert.True(await Store.RevokeAsync("acme", "ses_1", at, CancellationToken.None));

        Assert.Equal(at, (await Store.GetAsync("acme", "ses_1", CancellationToken.None))!.RevokedAt);
        Assert.Equal(at, Assert.Single(await Store.ListAsync("acme", null, CancellationToken.None)).RevokedAt);
        Assert.Equal(at, Assert.Single(await Store.ListAsync("acme", "alice", CancellationToken.None)).RevokedAt);
    }

    [Fact]
    public async Task Refused_revocations_leave_the_first_instant_standing()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1"), CancellationToken.None);
        var first = Time.GetUtcNow();

        Assert.False(await Store.RevokeAsync("globex", "ses_1", first, CancellationToken.None));
        Assert.True(await Store.RevokeAsync("acme", "ses_1", first, CancellationToken.None));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await Store.RevokeAsync("acme", "ses_1", Time.GetUtcNow(), CancellationToken.None));

        Assert.Equal(first, (await Store.FindByTokenHashAsync("hash-1", CancellationToken.None))!.RevokedAt);
        Assert.Equal(first, (await Store.GetAsync("acme", "ses_1", CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task Parallel_revokes_have_exactly_one_winner_whose_instant_is_kept()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1"), CancellationToken.None);
        var at = Time.GetUtcNow();

        var results = await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(i => Task.Run(() => Store.RevokeAsync("acme", "ses_1", at.AddSeconds(i), CancellationToken.None))));

        var winner = Assert.Single(Enumerable.Range(0, 16), i => results[i]);
        Assert.Equal(at.AddSeconds(winner), (await Store.FindByTokenHashAsync("hash-1", CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task Session_is_readable_until_the_instant_it_expires()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1", user: "alice", lifetime: TimeSpan.FromMinutes(5)), CancellationToken.None);

        Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await Store.FindByTokenHashAsync("hash-1", CancellationToken.None));
        Assert.NotNull(await Store.GetAsync("acme", "ses_1", CancellationToken.None));
        Assert.Single(await Store.ListAsync("acme", "alice", CancellationToken.None));

        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await Store.FindByTokenHashAsync("hash-1", CancellationToken.None));
        Assert.Null(await Store.GetAsync("acme", "ses_1", CancellationToken.None));
        Assert.Empty(await Store.ListAsync("acme", "alice", CancellationToken.None));
    }

    [Fact]
    public async Task Revoking_an_expired_session_does_not_bring_it_back()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1", lifetime: TimeSpan.FromMinutes(5)), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(10));

        await Store.RevokeAsync("acme", "ses_1", Time.GetUtcNow(), CancellationToken.None);

        Assert.Null(await Store.GetAsync("acme", "ses_1", CancellationToken.None));
        Assert.Null(await Store.FindByTokenHashAsync("hash-1", CancellationToken.None));
        Assert.Empty(await Store.ListAsync("acme", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_create_writes_nothing_and_keeps_the_first_session()
    {
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1", user: "alice"), CancellationToken.None);

        // Same token hash under a new id (and tenant): neither index may gain the intruder.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateAsync(Session("globex", "ses_2", "hash-1", user: "mallory"), CancellationToken.None));

        // Same id in the tenant under a new hash.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateAsync(Session("acme", "ses_1", "hash-2", user: "mallory"), CancellationToken.None));

        Assert.Equal("alice", (await Store.FindByTokenHashAsync("hash-1", CancellationToken.None))!.UserId);
        Assert.Equal("alice", (await Store.GetAsync("acme", "ses_1", CancellationToken.None))!.UserId);
        Assert.Null(await Store.GetAsync("globex", "ses_2", CancellationToken.None));
        Assert.Empty(await Store.ListAsync("globex", null, CancellationToken.None));
        Assert.Null(await Store.FindByTokenHashAsync("hash-2", CancellationToken.None));
        Assert.Single(await Store.ListAsync("acme", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_second_instance_sees_creations_and_revocations_exactly_when_state_is_shared()
    {
        var second = await CreateStoreAsync(Time);
        await Store.CreateAsync(Session("acme", "ses_1", "hash-1"), CancellationToken.None);
        var at = Time.GetUtcNow();

        Assert.True(await Store.RevokeAsync("acme", "ses_1", at, CancellationToken.None));

        if (InstancesShareState)
        {
            // A session revoked through one replica is refused by every other one.
            Assert.Equal(at, (await second.FindByTokenHashAsync("hash-1", CancellationToken.None))!.RevokedAt);
            Assert.Equal(at, (await second.GetAsync("acme", "ses_1", CancellationToken.None))!.RevokedAt);
            Assert.False(await second.RevokeAsync("acme", "ses_1", at, CancellationToken.None));
        }
        else
        {
            Assert.Null(await second.FindByTokenHashAsync("hash-1", CancellationToken.None));
            Assert.Empty(await second.ListAsync("acme", null, CancellationToken.None));
        }
    }

    protected abstract Task<ISessionStore> CreateStoreAsync(TimeProvider time);

    private SessionRecord Session(string tenant, string id, string hash, string user = "alice", string[]? scopes = null, TimeSpan? lifetime = null)
    {
        var now = Time.GetUtcNow();
        return new SessionRecord
        {
            Id = id,
            TokenHash = hash,
            Tenant = tenant,
            UserId = user,
            AgentId = "bot",
            Scopes = (scopes ?? ["s"]).ToFrozenSet(StringComparer.Ordinal),
            CreatedAt = now,
            ExpiresAt = now + (lifetime ?? TimeSpan.FromHours(1)),
        };
    }
}
