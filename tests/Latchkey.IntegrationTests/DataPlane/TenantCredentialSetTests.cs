using System.Net;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.DataPlane;

/// <summary><c>agent.tenants</c>: each tenant's requests carry its own credential, never another's.</summary>
public sealed class TenantCredentialSetTests
{
    private const string Providers = """
        providers:
          tickets:
            upstream: "{upstream}"
            allow_private_network: true
            credential: agent
            agent:
              tenants:
                acme:
                  type: api_key
                  key: env:LATCHKEY_IT_ACME_KEY
                globex:
                  type: api_key
                  key: env:LATCHKEY_IT_GLOBEX_KEY
            inject:
              header: x-api-key
              format: "{token}"
        """;

    private const string Rules = """
        rules:
          - id: tickets.read
            provider: tickets
            methods: [GET]
            path: /issue/{key}
            action: allow
        """;

    [Fact]
    public async Task Each_tenant_gets_its_own_credential_and_an_unlisted_tenant_none()
    {
        Environment.SetEnvironmentVariable("LATCHKEY_IT_ACME_KEY", "acme-key-1f2e");
        Environment.SetEnvironmentVariable("LATCHKEY_IT_GLOBEX_KEY", "globex-key-9d8c");
        await using var host = LatchkeyTestHost.Start(Providers, Rules, withSeq: false);
        var acme = await host.CreateSessionAsync("acme", "alice", "bot");
        var globex = await host.CreateSessionAsync("globex", "gina", "bot");
        var initech = await host.CreateSessionAsync("initech", "ian", "bot");

        using var fromAcme = await host.SendAsync(HttpMethod.Get, "/tickets/issue/A-1", acme.Token);
        using var fromGlobex = await host.SendAsync(HttpMethod.Get, "/tickets/issue/G-1", globex.Token);
        using var fromInitech = await host.SendAsync(HttpMethod.Get, "/tickets/issue/I-1", initech.Token);

        Assert.Equal(HttpStatusCode.OK, fromAcme.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromGlobex.StatusCode);
        await ErrorAssert.IsErrorAsync(fromInitech, 503, "credential_unavailable");
        var received = host.Upstream.Received.Select(e => (e.RequestMessage.AbsolutePath, Key: e.RequestMessage.Headers!["x-api-key"].Single())).ToList();
        Assert.Equal([("/issue/A-1", "acme-key-1f2e"), ("/issue/G-1", "globex-key-9d8c")], received);
    }
}
