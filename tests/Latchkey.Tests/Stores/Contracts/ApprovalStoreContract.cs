using Latchkey.Approvals;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Stores.Contracts;

/// <summary>What every <see cref="IApprovalStore"/> must do, run against each implementation.</summary>
public abstract class ApprovalStoreContract : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected IApprovalStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await CreateStoreAsync(Time);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// True when two stores from <see cref="CreateStoreAsync"/> share their data (replicas on one
    /// Redis); false for the embedded store. The cross-instance test asserts whichever is declared.
    /// </summary>
    protected virtual bool InstancesShareState => false;

    [Fact]
    public async Task Created_approval_reads_back_in_its_tenant_only()
    {
        var approval = Approval("acme", "apr_1");
        await Store.CreateAsync(approval, CancellationToken.None);

        Assert.Equal(approval, await Store.GetAsync("acme", "apr_1", CancellationToken.None));
        Assert.Null(await Store.GetAsync("globex", "apr_1", CancellationToken.None));
        Assert.Empty(await Store.ListAsync("globex", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_tool_call_approval_keeps_its_tool_and_arguments_preview_through_an_update()
    {
        var approval = Approval("acme", "apr_1") with { Tool = "gmail_send_message", ArgumentsPreview = "{\"subject\":\"Hi\",\"to\":\"bob@example.com\"}" };
        await Store.CreateAsync(approval, CancellationToken.None);
        Assert.Equal(approval, await Store.GetAsync("acme", "apr_1", CancellationToken.None));

        var approved = Approved(approval);
        Assert.True(await Store.TryUpdateAsync(approved, ApprovalStatus.Pending, CancellationToken.None));

        var read = await Store.GetAsync("acme", "apr_1", CancellationToken.None);
        Assert.Equal(("gmail_send_message", approval.ArgumentsPreview), (read!.Tool, read.ArgumentsPreview));
        Assert.Equal(approved, read);
    }

    [Fact]
    public async Task List_is_newest_first_and_filters_by_user()
    {
        await Store.CreateAsync(Approval("acme", "apr_1", user: "alice"), CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.CreateAsync(Approval("acme", "apr_2", user: "bob"), CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.CreateAsync(Approval("acme", "apr_3", user: "alice"), CancellationToken.None);

        Assert.Equal(["apr_3", "apr_2", "apr_1"], (await Store.ListAsync("acme", null, CancellationToken.None)).Select(a => a.Id));
        Assert.Equal(["apr_3", "apr_1"], (await Store.ListAsync("acme", "alice", CancellationToken.None)).Select(a => a.Id));
    }

    [Fact]
    public async Task Update_happens_only_from_the_expected_status()
    {
        var approval = Approval("acme", "apr_1");
        await Store.CreateAsync(approval, CancellationToken.None);
        var approved = approval with { Status = ApprovalStatus.Approved, DecidedBy = "carol", DecidedAt = Time.GetUtcNow(), Justification = "ok" };

        Assert.False(await Store.TryUpdateAsync(approved, ApprovalStatus.Approved, CancellationToken.None));
        Assert.True(await Store.TryUpdateAsync(approved, ApprovalStatus.Pending, CancellationToken.None));
        Assert.False(await Store.TryUpdateAsync(approval with { Status = ApprovalStatus.Denied }, ApprovalStatus.Pending, CancellationToken.None));

        Assert.Equal(approved, await Store.GetAsync("acme", "apr_1", CancellationToken.None));
    }

    [Fact]
    public async Task Parallel_deciders_cannot_both_win()
    {
        var approval = Approval("acme", "apr_1");
        await Store.CreateAsync(approval, CancellationToken.None);

        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Store.TryUpdateAsync(
            approval with { Status = i % 2 == 0 ? ApprovalStatus.Approved : ApprovalStatus.Denied, DecidedBy = "human-" + i },
            ApprovalStatus.Pending,
            CancellationToken.None))));

        Assert.Single(wins, w => w);
    }

    [Fact]
    public async Task Updating_an_unknown_approval_fails()
    {
        Assert.False(await Store.TryUpdateAsync(Approval("acme", "apr_missing"), ApprovalStatus.Pending, CancellationToken.None));
        Assert.Null(await Store.GetAsync("acme", "apr_missing", CancellationToken.None));
    }

    [Fact]
    public async Task Creating_an_approval_twice_is_refused()
    {
        await Store.CreateAsync(Approval("acme", "apr_1"), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateAsync(Approval("acme", "apr_1"), CancellationToken.None));
    }

    [Fact]
    public async Task Decided_approval_round_trips_every_field()
    {
        var approval = Approval("acme", "apr_1") with
        {
            Status = ApprovalStatus.Denied,
            DecidedBy = "carol@example.com",
            DecidedAt = Time.GetUtcNow().AddMinutes(1),
            Justification = "not during the freeze — désolé ✓",
            BodyPreview = null,
            ContentType = null,
            ContentEncoding = null,
            BodyLength = 5_000_000_000,
        };

        await Store.CreateAsync(approval, CancellationToken.None);

        Assert.Equal(approval, await Store.GetAsync("acme", "apr_1", CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_create_keeps_the_first_approval()
    {
        await Store.CreateAsync(Approval("acme", "apr_1", user: "alice"), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateAsync(Approval("acme", "apr_1", user: "mallory"), CancellationToken.None));

        Assert.Equal("alice", (await Store.GetAsync("acme", "apr_1", CancellationToken.None))!.UserId);
        Assert.Single(await Store.ListAsync("acme", null, CancellationToken.None));
    }

    [Fact]
    public async Task An_update_naming_another_tenant_changes_nothing()
    {
        var approval = Approval("acme", "apr_1");
        await Store.CreateAsync(approval, CancellationToken.None);

        Assert.False(await Store.TryUpdateAsync(Approved(approval) with { Tenant = "globex" }, ApprovalStatus.Pending, CancellationToken.None));

        Assert.Equal(ApprovalStatus.Pending, (await Store.GetAsync("acme", "apr_1", CancellationToken.None))!.Status);
        Assert.Null(await Store.GetAsync("globex", "apr_1", CancellationToken.None));
    }

    [Fact]
    public async Task Same_id_in_two_tenants_are_two_approvals()
    {
        var acme = Approval("acme", "apr_1", user: "alice");
        await Store.CreateAsync(acme, CancellationToken.None);
        await Store.CreateAsync(Approval("globex", "apr_1", user: "bob"), CancellationToken.None);

        Assert.True(await Store.TryUpdateAsync(Approved(acme), ApprovalStatus.Pending, CancellationToken.None));

        var other = await Store.GetAsync("globex", "apr_1", CancellationToken.None);
        Assert.Equal("bob", other!.UserId);
        Assert.Equal(ApprovalStatus.Pending, other.Status);
    }

    [Fact]
    public async Task Names_with_separators_never_collide()
    {
        await Store.CreateAsync(Approval("a:b", "c", user: "first"), CancellationToken.None);
        await Store.CreateAsync(Approval("a", "b:c", user: "second"), CancellationToken.None);
        await Store.CreateAsync(Approval("x}{t:a", "c", user: "third"), CancellationToken.None);

        Assert.Equal("first", (await Store.GetAsync("a:b", "c", CancellationToken.None))!.UserId);
        Assert.Equal("second", (await Store.GetAsync("a", "b:c", CancellationToken.None))!.UserId);
        Assert.Equal("third", Assert.Single(await Store.ListAsync("x}{t:a", null, CancellationToken.None)).UserId);
        Assert.Equal("first", Assert.Single(await Store.ListAsync("a:b", null, CancellationToken.None)).UserId);
        Assert.Null(await Store.GetAsync("a", "c", CancellationToken.None));
    }

    [Fact]
    public async Task List_shows_the_status_after_an_update()
    {
        var approval = Approval("acme", "apr_1");
        await Store.CreateAsync(approval, CancellationToken.None);

        await Store.TryUpdateAsync(Approved(approval), ApprovalStatus.Pending, CancellationToken.None);

        Assert.Equal(Approved(approval), Assert.Single(await Store.ListAsync("acme", "alice", CancellationToken.None)));
    }

    [Fact]
    public async Task An_approval_is_used_once_then_every_further_update_from_approved_fails()
    {
        var approval = Approval("acme", "apr_1");
        await Store.CreateAsync(approval, CancellationToken.None);
        var used = Approved(approval) with { Status = ApprovalStatus.Used };

        Assert.True(await Store.TryUpdateAsync(Approved(approval), ApprovalStatus.Pending, CancellationToken.None));
        Assert.True(await Store.TryUpdateAsync(used, ApprovalStatus.Approved, CancellationToken.None));
        Assert.False(await Store.TryUpdateAsync(used, ApprovalStatus.Approved, CancellationToken.None));

        Assert.Equal(used, await Store.GetAsync("acme", "apr_1", CancellationToken.None));
    }

    [Fact]
    public async Task The_winning_decider_is_the_one_stored()
    {
        var approval = Approval("acme", "apr_1");
        await Store.CreateAsync(approval, CancellationToken.None);

        var wins = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            Store.TryUpdateAsync(Approved(approval) with { DecidedBy = "human-" + i }, ApprovalStatus.Pending, CancellationToken.None))));

        var winner = Assert.Single(Enumerable.Range(0, 16), i => wins[i]);
        Assert.Equal("human-" + winner, (await Store.GetAsync("acme", "apr_1", CancellationToken.None))!.DecidedBy);
    }

    [Fact]
    public async Task Parallel_replays_use_an_approval_exactly_once()
    {
        var approved = Approved(Approval("acme", "apr_1"));
        await Store.CreateAsync(approved, CancellationToken.None);

        var wins = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            Store.TryUpdateAsync(approved with { Status = ApprovalStatus.Used }, ApprovalStatus.Approved, CancellationToken.None))));

        Assert.Equal(1, wins.Count(w => w));
        Assert.Equal(ApprovalStatus.Used, (await Store.GetAsync("acme", "apr_1", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Deciders_on_two_instances_have_one_winner_and_share_it_when_state_is_shared()
    {
        var second = await CreateStoreAsync(Time);
        var approval = Approval("acme", "apr_1");
        await Store.CreateAsync(approval, CancellationToken.None);

        var wins = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Store : second).TryUpdateAsync(Approved(approval) with { DecidedBy = "human-" + i }, ApprovalStatus.Pending, CancellationToken.None))));

        var winner = Assert.Single(Enumerable.Range(0, 16), i => wins[i]);
        Assert.Equal("human-" + winner, (await Store.GetAsync("acme", "apr_1", CancellationToken.None))!.DecidedBy);
        var onSecond = await second.GetAsync("acme", "apr_1", CancellationToken.None);
        if (InstancesShareState)
        {
            Assert.Equal("human-" + winner, onSecond!.DecidedBy);
        }
        else
        {
            Assert.Null(onSecond);
        }
    }

    [Fact]
    public async Task Approvals_leave_the_list_a_week_after_expiry_and_not_before()
    {
        await Store.CreateAsync(Approval("acme", "apr_old"), CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await Store.CreateAsync(Approval("acme", "apr_kept"), CancellationToken.None);

        Assert.Equal(["apr_kept", "apr_old"], (await Store.ListAsync("acme", null, CancellationToken.None)).Select(a => a.Id));

        // An agent looping on an approve route must not grow the store (or every list) without bound.
        Time.Advance(TimeSpan.FromMinutes(2));
        await Store.CreateAsync(Approval("acme", "apr_new"), CancellationToken.None);

        Assert.Equal(["apr_new", "apr_kept"], (await Store.ListAsync("acme", null, CancellationToken.None)).Select(a => a.Id));
    }

    [Fact]
    public async Task Bound_approvals_are_those_of_the_session_and_fingerprint_within_their_lifetime_newest_first()
    {
        await Store.CreateAsync(Approval("acme", "apr_expired"), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(30));
        await Store.CreateAsync(Approval("acme", "apr_older"), CancellationToken.None);
        await Store.TryUpdateAsync(Approved(await Store.GetAsync("acme", "apr_older", CancellationToken.None) ?? throw new InvalidOperationException()),
            ApprovalStatus.Pending, CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(31));
        await Store.CreateAsync(Approval("acme", "apr_newer"), CancellationToken.None);
        await Store.CreateAsync(Approval("acme", "apr_other_session") with { SessionId = "ses_2" }, CancellationToken.None);
        await Store.CreateAsync(Approval("acme", "apr_other_call") with { Fingerprint = "cd34" }, CancellationToken.None);
        await Store.CreateAsync(Approval("globex", "apr_other_tenant"), CancellationToken.None);

        var bound = await Store.ListBoundAsync("acme", "ses_1", "ab12", CancellationToken.None);

        Assert.Equal(["apr_newer", "apr_older"], bound.Select(a => a.Id));
        Assert.Equal(ApprovalStatus.Approved, bound[1].Status);
        Assert.Empty(await Store.ListBoundAsync("initech", "ses_1", "ab12", CancellationToken.None));
    }

    protected abstract Task<IApprovalStore> CreateStoreAsync(TimeProvider time);

    protected ApprovalRecord Approval(string tenant, string id, string user = "alice") => new()
    {
        Id = id,
        Tenant = tenant,
        UserId = user,
        AgentId = "bot",
        SessionId = "ses_1",
        Provider = "mail",
        RuleId = "mail.delete",
        Method = "DELETE",
        Path = "/gmail/v1/users/me/messages/1",
        Query = "?assignee=attacker&access_token=***",
        ContentType = "multipart/form-data; boundary=AAA",
        ContentEncoding = "gzip",
        Fingerprint = "ab12",
        BodyLength = 0,
        BodyPreview = "{\"to\":\"bob\"}",
        CreatedAt = Time.GetUtcNow(),
        ExpiresAt = Time.GetUtcNow().AddHours(1),
    };

    protected ApprovalRecord Approved(ApprovalRecord approval) => approval with
    {
        Status = ApprovalStatus.Approved,
        DecidedBy = "carol",
        DecidedAt = Time.GetUtcNow(),
        Justification = "ok",
    };
}
