using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Audit;

/// <summary>CONTRACT §6 as seen by an auditor reading the Seq stream.</summary>
public sealed class AuditStreamTests : IAsyncLifetime
{
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        TestConfigs.EnsureEnvironment();
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules);
        _session = await _host.CreateSessionAsync("acme", "alice", "support-bot", "email.send", "tickets.read");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.audit-user-token");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Allowed_request_produces_one_event_with_every_contract_field()
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send?x=1", _session.Token,
            new StringContent("{}", Encoding.UTF8, "application/json"));
        var requestId = Assert.Single(response.Headers.GetValues("Latchkey-Request-Id"));

        var audit = await _host.WaitForAuditEventAsync(requestId);

        Assert.Equal("latchkey.request", audit.GetProperty("EventType").GetString());
        Assert.Equal("acme", audit.GetProperty("Tenant").GetString());
        Assert.Equal("alice", audit.GetProperty("UserId").GetString());
        Assert.Equal("support-bot", audit.GetProperty("AgentId").GetString());
        Assert.Equal(_session.Id, audit.GetProperty("SessionId").GetString());
        Assert.Equal("mail", audit.GetProperty("Provider").GetString());
        Assert.Equal("mail.send", audit.GetProperty("RuleId").GetString());
        Assert.Equal("POST", audit.GetProperty("Method").GetString());
        Assert.Equal("/gmail/v1/users/me/messages/send", audit.GetProperty("Path").GetString());
        Assert.Equal("allowed", audit.GetProperty("Decision").GetString());
        Assert.Equal(200, audit.GetProperty("Status").GetInt32());
        Assert.Equal(200, audit.GetProperty("UpstreamStatus").GetInt32());
        Assert.True(audit.GetProperty("DurationMs").GetDouble() >= 0);
        Assert.Equal("user", audit.GetProperty("CredentialMode").GetString());
        Assert.Equal("127.0.0.1", audit.GetProperty("ClientIp").GetString());
        Assert.Equal("completed", audit.GetProperty("Outcome").GetString());
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.NotEmpty(body);
        Assert.Equal(body.Length, audit.GetProperty("ResponseBytes").GetInt64());

        // One completion, and before it the write-ahead record of the same decision.
        await Task.Delay(500);
        var ofRequest = _host.Seq!.Events.Where(e => e.TryGetProperty("RequestId", out var id) && id.GetString() == requestId).ToList();
        Assert.Equal(2, ofRequest.Count);
        var forward = ofRequest[0];
        Assert.Equal("latchkey.forward", forward.GetProperty("EventType").GetString());
        Assert.Equal("mail.send", forward.GetProperty("RuleId").GetString());
        Assert.Equal("user", forward.GetProperty("CredentialMode").GetString());
        Assert.Equal("/gmail/v1/users/me/messages/send", forward.GetProperty("Path").GetString());
        Assert.False(forward.TryGetProperty("Status", out _));
        Assert.Equal("latchkey.request", ofRequest[1].GetProperty("EventType").GetString());
    }

    [Fact]
    public async Task Refused_request_is_audited_as_denied_with_its_reason_and_rule()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/settings/filters", _session.Token);
        var requestId = Assert.Single(response.Headers.GetValues("Latchkey-Request-Id"));

        var audit = await _host.WaitForAuditEventAsync(requestId);

        Assert.Equal("denied", audit.GetProperty("Decision").GetString());
        Assert.Equal("route_denied", audit.GetProperty("Reason").GetString());
        Assert.Equal("mail.settings.deny", audit.GetProperty("RuleId").GetString());
        Assert.Equal(403, audit.GetProperty("Status").GetInt32());
        Assert.Equal("alice", audit.GetProperty("UserId").GetString());
    }

    [Fact]
    public async Task Request_without_a_session_is_audited()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", null);
        var requestId = Assert.Single(response.Headers.GetValues("Latchkey-Request-Id"));

        var audit = await _host.WaitForAuditEventAsync(requestId);

        Assert.Equal("denied", audit.GetProperty("Decision").GetString());
        Assert.Equal("invalid_session", audit.GetProperty("Reason").GetString());
        Assert.Equal(401, audit.GetProperty("Status").GetInt32());
    }

    [Fact]
    public async Task Agent_credential_requests_are_audited_with_credential_mode_agent()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/tickets/rest/api/3/issue/SUP-1", _session.Token);
        var requestId = Assert.Single(response.Headers.GetValues("Latchkey-Request-Id"));

        var audit = await _host.WaitForAuditEventAsync(requestId);

        Assert.Equal("agent", audit.GetProperty("CredentialMode").GetString());
        Assert.Equal("alice", audit.GetProperty("UserId").GetString());
    }

    [Fact]
    public async Task Session_creation_and_revocation_are_audited_as_admin_events()
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = JsonContent.Create(new { agent_id = "crm-bot", scopes = new[] { "crm.read" } }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "carol"));
        using var created = await _host.Client.SendAsync(create);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var createId = Assert.Single(created.Headers.GetValues("Latchkey-Request-Id"));

        var audit = await _host.WaitForAuditEventAsync(createId);

        Assert.Equal("latchkey.admin", audit.GetProperty("EventType").GetString());
        Assert.Equal("session.create", audit.GetProperty("Action").GetString());
        Assert.Equal(id, audit.GetProperty("Target").GetString());
        Assert.Equal("acme", audit.GetProperty("Tenant").GetString());
        Assert.Equal("carol", audit.GetProperty("UserId").GetString());
    }
}
