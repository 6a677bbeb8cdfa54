using Latchkey.Credentials;
using Latchkey.Credentials.OAuth;
using Latchkey.DataPlane;
using Latchkey.Hosting;
using Latchkey.Providers;
using Latchkey.Stores;
using Latchkey.Stores.InMemory;
using Latchkey.Testing;
using Latchkey.Tests.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.DataPlane;

/// <summary>The credential step over a real resolver with an in-memory vault and a fake agent credential source.</summary>
public sealed class CredentialStepTests
{
    private static readonly ConnectionKey Alice = new("t1", "alice", StepContext.Provider);

    private readonly TokenVault _vault = TestVaults.Create(new InMemoryConnectionStore());
    private readonly FakeAgentSource _agent = new();

    [Fact]
    public async Task Users_token_is_rendered_for_the_providers_header_and_the_request_forwarded()
    {
        await _vault.StoreAsync(Alice, new UserToken { AccessToken = new SecretValue("ya29.alice"), ExpiresAt = DateTimeOffset.UtcNow.AddHours(1), ConnectedAt = DateTimeOffset.UtcNow }, CancellationToken.None);
        var context = Bound(CredentialMode.User);

        await Step(context, _vault).InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.True(context.AgentRequest.Forwarded);
        Assert.Equal("Bearer ya29.alice", context.AgentRequest.Credential?.Reveal());
    }

    [Fact]
    public async Task User_without_a_connection_gets_403_connection_required_with_a_link()
    {
        var context = Bound(CredentialMode.User);

        await Step(context, _vault).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.False(context.AgentRequest.Forwarded);
        Assert.Equal((403, "connection_required"), (context.Status, context.ErrorCode));
        Assert.StartsWith("https://latchkey.example.test/", context.Body().GetProperty("authorize_url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vault_outage_answers_503_store_unavailable()
    {
        var context = Bound(CredentialMode.User);

        await Step(context, new UnavailableVault()).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((503, "store_unavailable"), (context.Status, context.ErrorCode));
    }

    [Fact]
    public async Task Agent_credential_is_injected_in_agent_mode()
    {
        _agent.Result = new CredentialResult.Issued(new SecretValue("tk-agent"), CredentialMode.Agent);
        var context = Bound(CredentialMode.Agent);

        await Step(context, _vault).InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.Equal("Bearer tk-agent", context.AgentRequest.Credential?.Reveal());
    }

    [Fact]
    public async Task Agent_credential_that_cannot_be_obtained_answers_503_and_forwards_nothing()
    {
        _agent.Result = new CredentialResult.Unavailable();
        var context = Bound(CredentialMode.Agent);

        await Step(context, _vault).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Null(context.AgentRequest.Credential);
        Assert.Equal((503, "credential_unavailable"), (context.Status, context.ErrorCode));
    }

    private CredentialStep Step(StepContext context, ITokenVault vault)
    {
        var secrets = new SecretResolver(TimeProvider.System, NullLogger<SecretResolver>.Instance);
        var tokenClient = new OAuthTokenClient(new CountingTokenEndpoint(), secrets, TestEndpointResolvers.Over(new CountingTokenEndpoint()), NullLogger<OAuthTokenClient>.Instance);
        var refresher = new UserTokenRefresher(vault, new LocalRefreshLease(), tokenClient, TimeProvider.System, NullLogger<UserTokenRefresher>.Instance, TestMetrics.Create());
        var resolver = new CredentialResolver(vault, [_agent], refresher, NullLogger<CredentialResolver>.Instance);
        var publicUrl = new PublicUrl(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Latchkey:PublicUrl"] = "https://latchkey.example.test" })
            .Build());
        var flows = new ConnectFlowService(new InMemoryConnectFlowStore(TimeProvider.System), vault, tokenClient, publicUrl, TimeProvider.System, secrets,
            TestEndpointResolvers.Over(new CountingTokenEndpoint()), NullLogger<ConnectFlowService>.Instance);
        return new CredentialStep(context.Next, resolver, publicUrl, flows);
    }

    private static StepContext Bound(CredentialMode mode)
    {
        var context = new StepContext().WithSession(null, "email.read");
        context.AgentRequest.ProviderDefinition = StepContext.MailProvider with
        {
            Agent = new AgentCredentialSettings { Type = AgentCredentialType.ApiKey, Key = SecretReference.Parse("literal-key") },
        };
        context.AgentRequest.CredentialMode = mode;
        return context;
    }

    private sealed class FakeAgentSource : IAgentCredentialSource
    {
        public CredentialResult Result { get; set; } = new CredentialResult.Unavailable();

        public AgentCredentialType Type => AgentCredentialType.ApiKey;

        public ValueTask<CredentialResult> GetAsync(ProviderDefinition provider, AgentCredentialSettings settings, string cacheScope, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Result);
    }

    private sealed class UnavailableVault : ITokenVault
    {
        public ValueTask<UserToken?> GetAsync(ConnectionKey key, CancellationToken cancellationToken) => throw new StoreUnavailableException("down");

        public ValueTask<UserToken?> GetStoredAsync(ConnectionKey key, CancellationToken cancellationToken) => throw new StoreUnavailableException("down");

        public ValueTask<StoredUserToken?> GetVersionedAsync(ConnectionKey key, CancellationToken cancellationToken) => throw new StoreUnavailableException("down");

        public Task<bool> ReplaceAsync(ConnectionKey key, StoredUserToken read, UserToken replacement, CancellationToken cancellationToken) =>
            throw new StoreUnavailableException("down");

        public Task StoreAsync(ConnectionKey key, UserToken token, CancellationToken cancellationToken) => throw new StoreUnavailableException("down");

        public Task<bool> DeleteAsync(ConnectionKey key, CancellationToken cancellationToken) => throw new StoreUnavailableException("down");
    }
}
