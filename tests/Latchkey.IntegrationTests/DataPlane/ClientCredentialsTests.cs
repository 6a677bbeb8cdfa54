using System.Net;
using Latchkey.IntegrationTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Latchkey.IntegrationTests.DataPlane;

/// <summary>
/// A rule's <c>credential: agent</c> on a user-credential provider: the provider's dedicated
/// client-credentials token is fetched once for many requests, injected instead of the user's,
/// and audited as agent mode.
/// </summary>
public sealed class ClientCredentialsTests
{
    private const string Rules = """
        rules:
          - id: crm.read.as.user
            provider: crm
            methods: [GET]
            path: /contacts/{id}
            action: allow
          - id: crm.export.as.agent
            provider: crm
            methods: [POST]
            path: /exports
            credential: agent
            action: allow
        """;

    [Fact]
    public async Task Agent_token_is_fetched_once_for_many_requests_and_never_the_users()
    {
        Environment.SetEnvironmentVariable("LATCHKEY_IT_CRM_CLIENT_SECRET", "crm-client-secret-5e6f");
        using var tokenServer = WireMockServer.Start();
        tokenServer.Given(Request.Create().WithPath("/oauth2/token").UsingPost())
            .RespondWith(Response.Create()
                .WithHeader("Content-Type", "application/json")
                .WithBody("{\"access_token\":\"cc-agent-token-77aa\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
                .WithDelay(TimeSpan.FromMilliseconds(200)));
        var providers = $$"""
            providers:
              crm:
                upstream: "{upstream}"
                allow_private_network: true
                credential: user
                agent:
                  type: client_credentials
                  token_url: {{tokenServer.Urls[0]}}/oauth2/token
                  client_id: crm-agent
                  client_secret: env:LATCHKEY_IT_CRM_CLIENT_SECRET
                  scopes: [crm.export]
            """;
        await using var host = LatchkeyTestHost.Start(providers, Rules);
        var session = await host.CreateSessionAsync("acme", "alice", "exporter");
        await host.SeedUserTokenAsync("acme", "alice", "crm", "user-token-alice");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            host.SendAsync(HttpMethod.Post, "/crm/exports", session.Token, new StringContent("{}"))));
        using var asUser = await host.SendAsync(HttpMethod.Get, "/crm/contacts/7", session.Token);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var tokenCalls = Assert.Single(tokenServer.LogEntries).RequestMessage;
        Assert.StartsWith("Basic ", tokenCalls.Headers!["Authorization"].Single(), StringComparison.Ordinal);
        Assert.Contains("grant_type=client_credentials", tokenCalls.Body, StringComparison.Ordinal);
        var exports = host.Upstream.Received.Where(e => e.RequestMessage.AbsolutePath == "/exports").ToList();
        Assert.Equal(20, exports.Count);
        Assert.All(exports, e => Assert.Equal(["Bearer cc-agent-token-77aa"], e.RequestMessage.Headers!["Authorization"].ToArray()));
        var contact = Assert.Single(host.Upstream.Received, e => e.RequestMessage.AbsolutePath == "/contacts/7");
        Assert.Equal(["Bearer user-token-alice"], contact.RequestMessage.Headers!["Authorization"].ToArray());

        var audit = await host.WaitForAuditEventAsync(responses[0]);
        Assert.Equal("agent", audit.GetProperty("CredentialMode").GetString());
        Assert.Equal("alice", audit.GetProperty("UserId").GetString());
        Assert.Equal("crm.export.as.agent", audit.GetProperty("RuleId").GetString());
        var emitted = await host.EmittedTextAsync();
        Assert.DoesNotContain("cc-agent-token-77aa", emitted, StringComparison.Ordinal);
        Assert.DoesNotContain("crm-client-secret-5e6f", emitted, StringComparison.Ordinal);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Token_endpoint_refusal_is_503_credential_unavailable_and_nothing_is_forwarded()
    {
        using var tokenServer = WireMockServer.Start();
        tokenServer.Given(Request.Create().WithPath("/oauth2/token").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(401).WithBody("{\"error\":\"invalid_client\"}"));
        var providers = $$"""
            providers:
              crm:
                upstream: "{upstream}"
                allow_private_network: true
                credential: agent
                agent:
                  type: client_credentials
                  token_url: {{tokenServer.Urls[0]}}/oauth2/token
                  client_id: crm-agent
                  client_secret: wrong
            """;
        await using var host = LatchkeyTestHost.Start(providers, Rules, withSeq: false);
        var session = await host.CreateSessionAsync("acme", "alice", "exporter");

        using var response = await host.SendAsync(HttpMethod.Post, "/crm/exports", session.Token, new StringContent("{}"));

        await ErrorAssert.IsErrorAsync(response, 503, "credential_unavailable");
        Assert.Empty(host.Upstream.Received);
    }
}
