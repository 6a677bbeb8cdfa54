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

    protected abstract Task<IConnectFlowStore> CreateStoreAsync(TimeProvider time);

    private ConnectFlow Flow(string tenant, string id, string stateHash) => new()
    {
        Id = id,
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
