using System.Net;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Config;

/// <summary>providers.yaml edits change where provider requests go without a restart.</summary>
public sealed class ProviderReloadTests
{
    private const string Rules = """
        rules:
          - id: any.mail
            provider: mail
            methods: [GET]
            path: /{**rest}
            action: allow
        """;

    [Fact]
    public async Task A_provider_added_at_runtime_becomes_routable_and_a_removed_one_unknown()
    {
        var providers = """
            providers:
              mail:
                upstream: "{upstream}"
                allow_private_network: true
            """;
        await using var host = LatchkeyTestHost.Start(providers, Rules);
        var session = await host.CreateSessionAsync("acme", "alice", "bot");
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.mail");
        await host.SeedUserTokenAsync("acme", "alice", "crm", "ya29.crm");

        await File.WriteAllTextAsync(Path.Combine(host.ConfigDir, "rules.yaml"), Rules + """
              - id: any.crm
                provider: crm
                methods: [GET]
                path: /{**rest}
                action: allow
            """ + "\n" + "");
        await File.WriteAllTextAsync(Path.Combine(host.ConfigDir, "providers.yaml"), $"""
            providers:
              crm:
                upstream: "{host.Upstream.Url}/crm-base"
                allow_private_network: true
            """);
        await File.WriteAllTextAsync(Path.Combine(host.ConfigDir, "rules.yaml"), """
            rules:
              - id: any.crm
                provider: crm
                methods: [GET]
                path: /{**rest}
                action: allow
            """);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        HttpStatusCode status = 0;
        while (DateTime.UtcNow < deadline && status != HttpStatusCode.OK)
        {
            using var response = await host.SendAsync(HttpMethod.Get, "/crm/contacts", session.Token);
            status = response.StatusCode;
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("/crm-base/contacts", host.Upstream.Received[^1].RequestMessage.AbsolutePath);
        using var removed = await host.SendAsync(HttpMethod.Get, "/mail/x", session.Token);
        Assert.Equal("unknown_provider", JsonDocument.Parse(await removed.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }
}
