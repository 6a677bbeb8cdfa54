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
    private readonly AzureCredentialSource _source;

    public AzureCredentialSourceTests()
    {
        _credential = new CountingCredential(_time);
        _source = new AzureCredentialSource(new FixedFactory(_credential), _time, NullLogger<AzureCredentialSource>.Instance);
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

    private static ProviderDefinition Provider { get; } = new()
    {
        Name = "graph",
        Upstream = new Uri("https://graph.microsoft.com"),
        Credential = CredentialMode.Agent,
        Agent = new AgentCredentialSettings { Type = AgentCredentialType.Azure, Scopes = ["https://graph.microsoft.com/.default"] },
    };

    private sealed class FixedFactory(TokenCredential credential) : IAzureTokenCredentialFactory
    {
        public ValueTask<TokenCredential?> CreateAsync(AgentCredentialSettings settings, CancellationToken cancellationToken) =>
            ValueTask.FromResult<TokenCredential?>(credential);
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
