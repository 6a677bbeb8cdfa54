using Azure.Core;
using Azure.Identity;
using Latchkey.Credentials;
using Latchkey.Credentials.Azure;
using Latchkey.Providers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Credentials;

public sealed class AzureCredentialSourceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly CountingCredential _credential;
    private readonly FixedFactory _factory;
    private readonly AzureCredentialSource _source;

    public AzureCredentialSourceTests()
    {
        _credential = new CountingCredential(_time);
        _factory = new FixedFactory(_credential);
        _source = new AzureCredentialSource(_factory, _time, NullLogger<AzureCredentialSource>.Instance);
    }

    [Theory]
    [InlineData(true, true, false, AzureCredentialKind.ClientSecret)]
    [InlineData(true, false, true, AzureCredentialKind.WorkloadIdentity)]
    [InlineData(true, false, false, AzureCredentialKind.ManagedIdentity)]
    [InlineData(false, false, false, AzureCredentialKind.Default)]
    [InlineData(false, false, true, AzureCredentialKind.Default)]
    public void Credential_is_chosen_from_config(bool clientId, bool clientSecret, bool federatedToken, AzureCredentialKind expected)
    {
        var settings = new AgentCredentialSettings
        {
            Type = AgentCredentialType.Azure,
            TenantId = "tenant",
            ClientId = clientId ? SecretReference.Parse("app-id") : null,
            ClientSecret = clientSecret ? SecretReference.Parse("env:AZURE_SECRET") : null,
            Scopes = ["https://graph.microsoft.com/.default"],
        };

        Assert.Equal(expected, AzureCredentialSelector.Choose(settings, federatedToken));
    }

    [Fact]
    public async Task Token_is_fetched_once_and_shared_until_near_expiry()
    {
        var first = await _source.GetAsync(Provider, Provider.Agent!, string.Empty, default);
        var second = await _source.GetAsync(Provider, Provider.Agent!, string.Empty, default);
        _time.Advance(TimeSpan.FromMinutes(56));
        var renewed = await _source.GetAsync(Provider, Provider.Agent!, string.Empty, default);

        Assert.Equal("token-1", Assert.IsType<CredentialResult.Issued>(first).Token.Reveal());
        Assert.Equal("token-1", Assert.IsType<CredentialResult.Issued>(second).Token.Reveal());
        Assert.Equal("token-2", Assert.IsType<CredentialResult.Issued>(renewed).Token.Reveal());
        Assert.Equal(2, _credential.Calls);
        Assert.Equal(["https://graph.microsoft.com/.default"], _credential.LastScopes);
    }

    [Fact]
    public async Task Concurrent_misses_make_one_token_request()
    {
        _credential.Delay = TimeSpan.FromMilliseconds(200);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => _source.GetAsync(Provider, Provider.Agent!, string.Empty, default).AsTask()));

        Assert.All(results, r => Assert.IsType<CredentialResult.Issued>(r));
        Assert.Equal(1, _credential.Calls);
    }

    [Fact]
    public async Task Failure_is_unavailable_and_retried_next_time()
    {
        _credential.Fail = true;
        var failed = await _source.GetAsync(Provider, Provider.Agent!, string.Empty, default);
        _credential.Fail = false;
        var recovered = await _source.GetAsync(Provider, Provider.Agent!, string.Empty, default);

        Assert.IsType<CredentialResult.Unavailable>(failed);
        Assert.IsType<CredentialResult.Issued>(recovered);
    }

    [Fact]
    public async Task Rotated_client_secret_builds_a_new_credential_without_a_restart()
    {
        var factory = new SecretCheckingFactory(_time);
        var source = new AzureCredentialSource(factory, _time, NullLogger<AzureCredentialSource>.Instance);
        var first = await source.GetAsync(Provider, Provider.Agent!, string.Empty, default);

        // Rotated in Key Vault and the old secret revoked; the cached token runs out.
        factory.CurrentSecret = "secret-2";
        _time.Advance(TimeSpan.FromMinutes(56));
        var afterRotation = await source.GetAsync(Provider, Provider.Agent!, string.Empty, default);

        Assert.Equal("token-secret-1", Assert.IsType<CredentialResult.Issued>(first).Token.Reveal());
        Assert.Equal("token-secret-2", Assert.IsType<CredentialResult.Issued>(afterRotation).Token.Reveal());
        Assert.Equal(2, factory.Created);
    }

    [Fact]
    public async Task Unchanged_secret_keeps_the_credential_and_a_failed_one_is_built_anew()
    {
        await _source.GetAsync(Provider, Provider.Agent!, string.Empty, default);
        _time.Advance(TimeSpan.FromMinutes(56));
        await _source.GetAsync(Provider, Provider.Agent!, string.Empty, default);
        var createdWhileHealthy = _factory.Created;

        _time.Advance(TimeSpan.FromMinutes(56));
        _credential.Fail = true;
        await _source.GetAsync(Provider, Provider.Agent!, string.Empty, default);
        _credential.Fail = false;
        await _source.GetAsync(Provider, Provider.Agent!, string.Empty, default);

        Assert.Equal(1, createdWhileHealthy);
        Assert.Equal(2, _factory.Created);
    }

    private static ProviderDefinition Provider { get; } = new()
    {
        Name = "graph",
        Upstream = new Uri("https://graph.microsoft.com"),
        Credential = CredentialMode.Agent,
        Agent = new AgentCredentialSettings { Type = AgentCredentialType.Azure, Scopes = ["https://graph.microsoft.com/.default"] },
    };

    private sealed class FixedFactory(TokenCredential credential) : IAzureTokenCredentialFactory
    {
        public int Created { get; private set; }

        public ValueTask<AzureCredentialInputs?> ReadInputsAsync(AgentCredentialSettings settings, CancellationToken cancellationToken) =>
            ValueTask.FromResult<AzureCredentialInputs?>(new AzureCredentialInputs(AzureCredentialKind.Default, null, null, null));

        public TokenCredential Create(AzureCredentialInputs inputs)
        {
            Created++;
            return credential;
        }
    }

    /// <summary>An app registration whose credentials work only with the secret it holds now, as after a rotation and revocation.</summary>
    private sealed class SecretCheckingFactory(TimeProvider time) : IAzureTokenCredentialFactory
    {
        public string CurrentSecret { get; set; } = "secret-1";

        public int Created { get; private set; }

        public ValueTask<AzureCredentialInputs?> ReadInputsAsync(AgentCredentialSettings settings, CancellationToken cancellationToken) =>
            ValueTask.FromResult<AzureCredentialInputs?>(
                new AzureCredentialInputs(AzureCredentialKind.ClientSecret, "tenant", "app-id", new SecretValue(CurrentSecret)));

        public TokenCredential Create(AzureCredentialInputs inputs)
        {
            Created++;
            return new SecretBoundCredential(this, inputs.ClientSecret!.Reveal(), time);
        }

        private sealed class SecretBoundCredential(SecretCheckingFactory registration, string secret, TimeProvider time) : TokenCredential
        {
            public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
                GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

            public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
                secret == registration.CurrentSecret
                    ? ValueTask.FromResult(new AccessToken("token-" + secret, time.GetUtcNow().AddHours(1)))
                    : throw new AuthenticationFailedException("AADSTS7000215: invalid client secret");
        }
    }

    private sealed class CountingCredential(TimeProvider time) : TokenCredential
    {
        private int _calls;

        public int Calls => _calls;

        public string[] LastScopes { get; private set; } = [];

        public bool Fail { get; set; }

        public TimeSpan Delay { get; set; }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            if (Fail)
            {
                throw new AuthenticationFailedException("refused");
            }

            var call = Interlocked.Increment(ref _calls);
            LastScopes = requestContext.Scopes;
            return new AccessToken($"token-{call}", time.GetUtcNow().AddHours(1));
        }
    }
}
