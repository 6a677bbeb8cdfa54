using System.Net;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Config;

/// <summary>rules.yaml <c>mode: shadow</c>: refusals of the rules step, content it cannot judge included, are forwarded and audited as would_deny.</summary>
public sealed class ShadowModeTests
{
    private const string ShadowRules = """
        mode: shadow
        rules:
          - id: mail.read
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/messages/{**rest}
            scopes: [email.read]
            action: allow
          - id: mail.settings.deny
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/settings/{**rest}
            action: deny
          - id: mail.labels
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/labels
            when:
              - query: view
                equals: full
            action: allow
        """;

    [Theory]
    [InlineData("/mail/gmail/v1/users/me/settings/filters", "email.read", "route_denied", "mail.settings.deny")]
    [InlineData("/mail/gmail/v1/users/me/messages", "other.scope", "insufficient_scope", "mail.read")]
    [InlineData("/mail/gmail/v1/users/me/drafts", "email.read", "route_denied", null)]
    [InlineData("/mail/gmail/v1/users/me/labels?view=full&view=min", "email.read", "unreadable_content", "mail.labels")]
    public async Task Would_be_refusals_are_forwarded_and_audited_as_would_deny(string path, string scope, string reason, string? ruleId)
    {
        TestConfigs.EnsureEnvironment();
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, ShadowRules);
        var session = await host.CreateSessionAsync("acme", "alice", "bot", scope);
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.shadow");

        using var response = await host.SendAsync(HttpMethod.Get, path, session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Upstream.Received);
        var audit = await host.WaitForAuditEventAsync(response);
        Assert.Equal("would_deny", audit.GetProperty("Decision").GetString());
        Assert.Equal(reason, audit.GetProperty("Reason").GetString());
        Assert.Equal(ruleId, audit.TryGetProperty("RuleId", out var rule) ? rule.GetString() : null);
    }

    [Fact]
    public async Task Shadow_mode_never_relaxes_the_canonicalizer_or_the_session_check()
    {
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, ShadowRules, withSeq: false);
        var session = await host.CreateSessionAsync("acme", "alice", "bot", "email.read");
        await host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.shadow");

        var ambiguous = await RawHttp.SendAsync(host.BaseAddress, "GET", "/mail/gmail/v1/users/me/messages/%2e%2e/settings", "Bearer " + session.Token);
        using var anonymous = await host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", null);

        Assert.Equal(400, ambiguous.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(host.Upstream.Received);
    }
}
