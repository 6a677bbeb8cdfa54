using Latchkey.Credentials;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Stores.Contracts;

/// <summary>What every <see cref="IConnectFlowStore"/> must do, run against each implementation.</summary>
public abstract class ConnectFlowStoreContract : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected IConnectFlowStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await CreateStoreAsync(Time);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// True when two stores from <see cref="CreateStoreAsync"/> share their data (replicas on one
    /// Redis); false for the embedded store. The cross-instance test asserts whichever is declared.
    /// </summary>
    protected virtual bool InstancesShareState => false;

    [Fact]
    public async Task Added_flow_reads_back_in_its_tenant_only()
    {
        var flow = Flow("acme", "flow_1", "state-1");
        await Store.AddAsync(flow, CancellationToken.None);

        var read = await Store.GetAsync("acme", "flow_1", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(flow, read with { Scopes = flow.Scopes });
        Assert.Equal(flow.Scopes, read.Scopes);
        Assert.Null(await Store.GetAsync("globex", "flow_1", CancellationToken.None));
    }

    [Fact]
    public async Task State_is_consumed_exactly_once()
    {
        await Store.AddAsync(Flow("acme", "flow_1", "state-1"), CancellationToken.None);

        var first = await Store.ConsumeStateAsync("state-1", CancellationToken.None);
        var second = await Store.ConsumeStateAsync("state-1", CancellationToken.None);

        Assert.Equal("flow_1", first!.Id);
        Assert.Null(second);
        Assert.NotNull(await Store.GetAsync("acme", "flow_1", CancellationToken.None));
    }

    [Fact]
    public async Task Parallel_callbacks_with_one_state_let_exactly_one_through()
    {
        await Store.AddAsync(Flow("acme", "flow_1", "state-1"), CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(async () => await Store.ConsumeStateAsync("state-1", CancellationToken.None))));

        Assert.Single(results, r => r is not null);
    }

    [Fact]
    public async Task Unknown_state_finds_nothing()
    {
        await Store.AddAsync(Flow("acme", "flow_1", "state-1"), CancellationToken.None);

        Assert.Null(await Store.ConsumeStateAsync("state-2", CancellationToken.None));
    }

    [Fact]
    public async Task Update_is_what_the_next_read_sees()
    {
        var flow = Flow("acme", "flow_1", "state-1");
        await Store.AddAsync(flow, CancellationToken.None);

        await Store.UpdateAsync(flow with { Status = ConnectFlowStatus.Failed, Error = "access_denied" }, CancellationToken.None);
        var read = await Store.GetAsync("acme", "flow_1", CancellationToken.None);

        Assert.Equal(ConnectFlowStatus.Failed, read!.Status);
        Assert.Equal("access_denied", read.Error);
    }

    [Fact]
    public async Task Absent_optional_fields_come_back_absent()
    {
        await Store.AddAsync(Flow("acme", "flow_1", "state-1") with { CodeVerifier = null, Scopes = [] }, CancellationToken.None);

        var read = await Store.GetAsync("acme", "flow_1", CancellationToken.None);

        Assert.Null(read!.CodeVerifier);
        Assert.Null(read.Error);
        Assert.Empty(read.Scopes);
        Assert.Equal(ConnectFlowStatus.Pending, read.Status);
    }

    [Fact]
    public async Task Same_id_in_two_tenants_are_two_flows()
    {
        await Store.AddAsync(Flow("acme", "flow_1", "state-a"), CancellationToken.None);
        await Store.AddAsync(Flow("globex", "flow_1", "state-g") with { UserId = "bob" }, CancellationToken.None);

        await Store.UpdateAsync(Flow("acme", "flow_1", "state-a") with { Status = ConnectFlowStatus.Failed, Error = "access_denied" }, CancellationToken.None);

        var other = await Store.GetAsync("globex", "flow_1", CancellationToken.None);
        Assert.Equal("bob", other!.UserId);
        Assert.Equal(ConnectFlowStatus.Pending, other.Status);
        Assert.Equal("globex", (await Store.ConsumeStateAsync("state-g", CancellationToken.None))!.Tenant);
        Assert.Equal("acme", (await Store.ConsumeStateAsync("state-a", CancellationToken.None))!.Tenant);
    }

    [Fact]
    public async Task State_hash_is_matched_exactly()
    {
        var hash = new string('a', 64);
        await Store.AddAsync(Flow("acme", "flow_1", hash), CancellationToken.None);

        Assert.Null(await Store.ConsumeStateAsync(hash.ToUpperInvariant(), CancellationToken.None));
        Assert.Null(await Store.ConsumeStateAsync(hash[..63], CancellationToken.None));
        Assert.Equal("flow_1", (await Store.ConsumeStateAsync(hash, CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task Consuming_one_state_leaves_other_flows_consumable()
    {
        await Store.AddAsync(Flow("acme", "flow_1", "state-1"), CancellationToken.None);
        await Store.AddAsync(Flow("acme", "flow_2", "state-2"), CancellationToken.None);

        await Store.ConsumeStateAsync("state-1", CancellationToken.None);

        Assert.Equal("flow_2", (await Store.ConsumeStateAsync("state-2", CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task Consumed_flow_can_still_be_finished_and_read_by_the_long_poll()
    {
        var flow = Flow("acme", "flow_1", "state-1");
        await Store.AddAsync(flow, CancellationToken.None);
        var consumed = await Store.ConsumeStateAsync("state-1", CancellationToken.None);
        Assert.Equal(flow.CodeVerifier, consumed!.CodeVerifier);

        await Store.UpdateAsync(flow with { Status = ConnectFlowStatus.Completed }, CancellationToken.None);

        Assert.Equal(ConnectFlowStatus.Completed, (await Store.GetAsync("acme", "flow_1", CancellationToken.None))!.Status);
        Assert.Null(await Store.ConsumeStateAsync("state-1", CancellationToken.None));
    }

    [Fact]
    public async Task Finished_flow_is_still_readable_shortly_after_its_state_expired()
    {
        var flow = Flow("acme", "flow_1", "state-1");
        await Store.AddAsync(flow, CancellationToken.None);
        await Store.UpdateAsync(flow with { Status = ConnectFlowStatus.Completed }, CancellationToken.None);

        // The long poll may ask just after the ten minutes: retention outlives the state.
        Time.Advance(TimeSpan.FromMinutes(12));

        Assert.Equal(ConnectFlowStatus.Completed, (await Store.GetAsync("acme", "flow_1", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Callbacks_on_two_instances_let_exactly_one_through()
    {
        var second = await CreateStoreAsync(Time);
        await Store.AddAsync(Flow("acme", "flow_1", "state-1"), CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(i => Task.Run(async () => await (i % 2 == 0 ? Store : second).ConsumeStateAsync("state-1", CancellationToken.None))));

        Assert.Equal("flow_1", Assert.Single(results, r => r is not null)!.Id);
        var onSecond = await second.GetAsync("acme", "flow_1", CancellationToken.None);
        if (InstancesShareState)
        {
            Assert.Equal("flow_1", onSecond!.Id);
        }
        else
        {
            Assert.Null(onSecond);
        }
    }

    [Fact]
    public async Task Link_is_found_without_being_claimed_then_claimed_exactly_once()
    {
        await Store.AddAsync(Unbound("acme", "flow_1"), CancellationToken.None);

        Assert.Equal("flow_1", (await Store.FindByLinkAsync("link-flow_1", CancellationToken.None))!.Id);
        Assert.Equal("flow_1", (await Store.FindByLinkAsync("link-flow_1", CancellationToken.None))!.Id);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(async () => await Store.ClaimLinkAsync("link-flow_1", CancellationToken.None))));

        Assert.Equal("acme", Assert.Single(results, r => r is not null)!.Tenant);
        Assert.Null(await Store.FindByLinkAsync("link-flow_1", CancellationToken.None));
        Assert.Null(await Store.ClaimLinkAsync("link-flow_1", CancellationToken.None));
    }

    [Fact]
    public async Task Unbound_flow_has_no_usable_state()
    {
        var flow = Unbound("acme", "flow_1");
        await Store.AddAsync(flow, CancellationToken.None);

        Assert.Null(await Store.ConsumeStateAsync("state-1", CancellationToken.None));
        Assert.Null((await Store.GetAsync("acme", "flow_1", CancellationToken.None))!.BindingHash);
    }

    [Fact]
    public async Task Bound_flow_keeps_its_binding_and_its_state_is_consumed_once()
    {
        var flow = Unbound("acme", "flow_1");
        await Store.AddAsync(flow, CancellationToken.None);
        var claimed = await Store.ClaimLinkAsync(flow.LinkHash, CancellationToken.None);

        await Store.BindAsync(claimed! with { StateHash = "state-1", BindingHash = "binding-1" }, CancellationToken.None);

        var consumed = await Store.ConsumeStateAsync("state-1", CancellationToken.None);
        Assert.Equal("binding-1", consumed!.BindingHash);
        Assert.Equal("acme", consumed.Tenant);
        Assert.Null(await Store.ConsumeStateAsync("state-1", CancellationToken.None));
        Assert.Equal("binding-1", (await Store.GetAsync("acme", "flow_1", CancellationToken.None))!.BindingHash);
        Assert.Null(await Store.GetAsync("globex", "flow_1", CancellationToken.None));
    }

    protected abstract Task<IConnectFlowStore> CreateStoreAsync(TimeProvider time);

    private ConnectFlow Unbound(string tenant, string id) => Flow(tenant, id, "unused") with { StateHash = null };

    private ConnectFlow Flow(string tenant, string id, string stateHash) => new()
    {
        Id = id,
        LinkHash = "link-" + id,
        StateHash = stateHash,
        Tenant = tenant,
        UserId = "alice",
        Provider = "mail",
        CodeVerifier = "verifier-" + id,
        Scopes = ["email.send"],
        CreatedAt = Time.GetUtcNow(),
        ExpiresAt = Time.GetUtcNow().AddMinutes(10),
    };
}
