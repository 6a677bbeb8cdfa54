using Latchkey.Credentials;
using Latchkey.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Credentials;

/// <summary>
/// Token calls are bounded by each caller's own per-attempt timeout, not by the shared client's:
/// a client-wide timeout shorter than the refresher's would give up on a slow endpoint and retry,
/// spending a refresh token the provider may already have rotated.
/// </summary>
public sealed class TokenCallTimeoutTests
{
    [Fact]
    public void Token_http_client_has_no_timeout_of_its_own()
    {
        using var services = new ServiceCollection().AddLogging().AddLatchkeyCredentials().BuildServiceProvider();

        using var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientCredentialsTokenSource.HttpClientName);

        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
    }

    [Fact]
    public async Task Agent_token_call_to_a_silent_endpoint_gives_up_after_its_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var endpoint = new SilentTokenEndpoint();
        var source = new ClientCredentialsTokenSource(
            endpoint, new SecretResolver(time, NullLogger<SecretResolver>.Instance), time, NullLogger<ClientCredentialsTokenSource>.Instance);
        var settings = new AgentCredentialSettings
        {
            Type = AgentCredentialType.ClientCredentials,
            TokenUrl = new Uri("https://idp.example.test/token"),
            ClientId = SecretReference.Parse("client"),
            ClientSecret = SecretReference.Parse("secret"),
        };

        var fetching = source.GetAsync(TestProviders.Graph, settings, string.Empty, CancellationToken.None).AsTask();
        await endpoint.Called.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(ClientCredentialsTokenSource.AttemptTimeout);

        Assert.IsType<CredentialResult.Unavailable>(await fetching.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Accepts the call and never answers.</summary>
    private sealed class SilentTokenEndpoint : HttpMessageHandler, IHttpClientFactory
    {
        private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Called => _called.Task;

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _called.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
