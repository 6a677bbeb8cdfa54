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

    protected abstract Task<IApprovalStore> CreateStoreAsync(TimeProvider time);

    private ApprovalRecord Approval(string tenant, string id, string user = "alice") => new()
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
        Fingerprint = "ab12",
        BodyLength = 0,
        BodyPreview = "{\"to\":\"bob\"}",
        CreatedAt = Time.GetUtcNow(),
        ExpiresAt = Time.GetUtcNow().AddHours(1),
    };
}
