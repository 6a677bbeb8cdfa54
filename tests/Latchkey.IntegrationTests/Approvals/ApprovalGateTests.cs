using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Approvals;

/// <summary>CONTRACT §5 end to end: hold, approve, forward once, and every refusal.</summary>
public sealed class ApprovalGateTests : IAsyncLifetime
{
    private const string Rules = """
        rules:
          - id: mail.delete
            provider: mail
            methods: [DELETE, POST]
            path: /gmail/v1/users/me/messages/{id}
            scopes: [email.delete]
            action: approve
        """;

    private const string InvalidUtf8 = "(invalid UTF-8 in a string)";
    private const string DeepNesting = "(200 nested arrays)";

    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, Rules);
        _session = await _host.CreateSessionAsync("acme", "alice", "bot", "email.delete");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.approval");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Held_request_is_forwarded_exactly_once_after_a_human_approves()
    {
        var approvalId = await HoldAsync("/mail/gmail/v1/users/me/messages/1", "{\"reason\":\"spam\"}");
        Assert.Empty(_host.Upstream.Received);

        using var pending = await SendAsync("/mail/gmail/v1/users/me/messages/1", "{\"reason\":\"spam\"}", approvalId);
        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.Empty(_host.Upstream.Received);

        using var approved = await DecideAsync(approvalId, "approve", _host.Jwt.Issue("acme", "alice"));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        using var forwarded = await SendAsync("/mail/gmail/v1/users/me/messages/1", "{\"reason\":\"spam\"}", approvalId);
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        var received = Assert.Single(_host.Upstream.Received).RequestMessage;
        Assert.Equal("{\"reason\":\"spam\"}", received.Body);
        Assert.False(received.Headers!.ContainsKey("Latchkey-Approval"));

        using var reused = await SendAsync("/mail/gmail/v1/users/me/messages/1", "{\"reason\":\"spam\"}", approvalId);
        await ErrorAssert.IsErrorAsync(reused, 409, "approval_used");
        Assert.Single(_host.Upstream.Received);
    }

    [Fact]
    public async Task A_different_request_with_an_approved_id_is_a_mismatch()
    {
        var approvalId = await HoldAsync("/mail/gmail/v1/users/me/messages/1", "{}");
        using var approved = await DecideAsync(approvalId, "approve", _host.Jwt.Issue("acme", "alice"));

        using var otherPath = await SendAsync("/mail/gmail/v1/users/me/messages/2", "{}", approvalId);
        using var otherBody = await SendAsync("/mail/gmail/v1/users/me/messages/1", "{\"x\":1}", approvalId);

        await ErrorAssert.IsErrorAsync(otherPath, 409, "approval_mismatch");
        await ErrorAssert.IsErrorAsync(otherBody, 409, "approval_mismatch");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Denied_request_is_refused_and_never_forwarded()
    {
        var approvalId = await HoldAsync("/mail/gmail/v1/users/me/messages/1", "{}");
        using var denied = await DecideAsync(approvalId, "deny", _host.Jwt.Issue("acme", "root", "latchkey.admin"));
        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);

        using var response = await SendAsync("/mail/gmail/v1/users/me/messages/1", "{}", approvalId);

        await ErrorAssert.IsErrorAsync(response, 403, "approval_denied");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Only_the_sessions_user_or_a_tenant_admin_can_decide()
    {
        var approvalId = await HoldAsync("/mail/gmail/v1/users/me/messages/1", "{}");

        using var byBob = await DecideAsync(approvalId, "approve", _host.Jwt.Issue("acme", "bob"));
        using var byOtherTenantAdmin = await DecideAsync(approvalId, "approve", _host.Jwt.Issue("evil", "root", "latchkey.admin"));

        await ErrorAssert.IsErrorAsync(byBob, 404, "not_found");
        await ErrorAssert.IsErrorAsync(byOtherTenantAdmin, 404, "not_found");
    }

    [Fact]
    public async Task Agent_can_read_its_own_approval_with_its_session_token()
    {
        var approvalId = await HoldAsync("/mail/gmail/v1/users/me/messages/1", "{}");
        var other = await _host.CreateSessionAsync("acme", "alice", "other-bot", "email.delete");

        using var own = await _host.SendAsync(HttpMethod.Get, $"/v1/approvals/{approvalId}", _session.Token);
        using var foreign = await _host.SendAsync(HttpMethod.Get, $"/v1/approvals/{approvalId}", other.Token);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var body = JsonDocument.Parse(await own.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal("/gmail/v1/users/me/messages/1", body.GetProperty("path").GetString());
        await ErrorAssert.IsErrorAsync(foreign, 404, "not_found");
    }

    [Fact]
    public async Task Pending_approvals_are_listed_for_the_user()
    {
        var approvalId = await HoldAsync("/mail/gmail/v1/users/me/messages/1", "{}");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/approvals?status=pending");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "alice"));
        using var response = await _host.Client.SendAsync(request);

        var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("id").GetString() == approvalId);
    }

    [Theory]
    [InlineData("approved,denied")]
    [InlineData("pending,used")]
    [InlineData("3")]
    [InlineData("+1")]
    [InlineData(" pending")]
    [InlineData("Pending ")]
    public async Task A_status_filter_that_is_not_exactly_one_status_name_is_400(string status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/approvals?status=" + Uri.EscapeDataString(status));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "alice"));
        using var response = await _host.Client.SendAsync(request);

        await ErrorAssert.IsErrorAsync(response, 400, "invalid_request");
    }

    [Fact]
    public async Task Body_over_one_mebibyte_cannot_be_held()
    {
        using var response = await SendAsync("/mail/gmail/v1/users/me/messages/1", new string('x', (1024 * 1024) + 1), null);

        await ErrorAssert.IsErrorAsync(response, 413, "payload_too_large");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Holding_and_deciding_are_audited()
    {
        using var held = await SendAsync("/mail/gmail/v1/users/me/messages/1", "{}", null);
        var heldId = Assert.Single(held.Headers.GetValues("Latchkey-Request-Id"));
        var approvalId = JsonDocument.Parse(await held.Content.ReadAsStringAsync()).RootElement.GetProperty("approval_id").GetString()!;
        using var decided = await DecideAsync(approvalId, "approve", _host.Jwt.Issue("acme", "alice"));
        var decidedId = Assert.Single(decided.Headers.GetValues("Latchkey-Request-Id"));

        var heldEvent = await _host.WaitForAuditEventAsync(heldId);
        var decidedEvent = await _host.WaitForAuditEventAsync(decidedId);

        Assert.Equal("approval_pending", heldEvent.GetProperty("Decision").GetString());
        Assert.Equal(202, heldEvent.GetProperty("Status").GetInt32());
        Assert.Equal("approval.approve", decidedEvent.GetProperty("Action").GetString());
        Assert.Equal("api", decidedEvent.GetProperty("Channel").GetString());
        Assert.Equal(approvalId, decidedEvent.GetProperty("Target").GetString());
        Assert.Equal(_session.Id, decidedEvent.GetProperty("SessionId").GetString());
        Assert.Equal(approvalId, heldEvent.GetProperty("ApprovalId").GetString());
    }

    [Fact]
    public async Task A_redeemed_request_names_its_approval_in_its_audit_records_and_a_mismatched_id_is_not_echoed()
    {
        var approvalId = await HoldAsync("/mail/gmail/v1/users/me/messages/1", "{}");
        using var decided = await DecideAsync(approvalId, "approve", _host.Jwt.Issue("acme", "alice"));
        using var redeemed = await SendAsync("/mail/gmail/v1/users/me/messages/1", "{}", approvalId);
        using var reused = await SendAsync("/mail/gmail/v1/users/me/messages/1", "{}", approvalId);
        using var mismatched = await SendAsync("/mail/gmail/v1/users/me/messages/1", "{\"other\":1}", approvalId);

        Assert.True(redeemed.IsSuccessStatusCode, $"redeeming: {(int)redeemed.StatusCode}");
        var completion = await _host.WaitForAuditEventAsync(redeemed);
        Assert.Equal(approvalId, completion.GetProperty("ApprovalId").GetString());
        var used = await _host.WaitForAuditEventAsync(reused);
        Assert.Equal("approval_used", used.GetProperty("Reason").GetString());
        Assert.Equal(approvalId, used.GetProperty("ApprovalId").GetString());
        var other = await _host.WaitForAuditEventAsync(mismatched);
        Assert.Equal("approval_mismatch", other.GetProperty("Reason").GetString());
        Assert.False(other.TryGetProperty("ApprovalId", out _));
    }

    [Theory]
    [InlineData("{\"to\":\"bob@example.com\",\"to\":\"eve@example.com\"}")]
    [InlineData("{\"to\":{\"name\":\"bob\",\"n\\u0061me\":\"eve@example.com\"}}")]
    [InlineData("{\"reason\":")]
    [InlineData("{} {}")]
    [InlineData("{\"reason\":\"\\ud800\"}")]
    [InlineData(InvalidUtf8)]
    [InlineData(DeepNesting)]
    public async Task Malformed_json_body_on_an_approve_route_is_400_and_audited(string body)
    {
        var bytes = body switch
        {
            DeepNesting => Encoding.UTF8.GetBytes(new string('[', 200) + new string(']', 200)),
            InvalidUtf8 => [.. "{\"reason\":\""u8, 0xFF, 0xFE, .. "\"}"u8],
            _ => Encoding.UTF8.GetBytes(body),
        };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/1", _session.Token, content);

        var json = await ErrorAssert.IsErrorAsync(response, 400, "invalid_request");
        Assert.DoesNotContain("eve@", json.GetProperty("message").GetString()!, StringComparison.Ordinal);
        Assert.Empty(_host.Upstream.Received);
        var audited = await _host.WaitForAuditEventAsync(json.GetProperty("request_id").GetString()!);
        Assert.Equal("denied", audited.GetProperty("Decision").GetString());
        Assert.Equal("invalid_request", audited.GetProperty("Reason").GetString());
        Assert.Equal(400, audited.GetProperty("Status").GetInt32());
    }

    [Fact]
    public async Task Binary_body_is_held_and_described_by_size_and_hash()
    {
        var content = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0xFF, 0x00, 0x01]);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var response = await _host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/1", _session.Token, content);

        var approvalId = (await ErrorAssert.IsErrorAsync(response, 202, "approval_required")).GetProperty("approval_id").GetString()!;
        using var read = await _host.SendAsync(HttpMethod.Get, $"/v1/approvals/{approvalId}", _session.Token);
        var preview = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("body_preview").GetString()!;
        Assert.StartsWith("binary body, 7 bytes, sha256 ", preview, StringComparison.Ordinal);
    }

    private async Task<string> HoldAsync(string path, string body)
    {
        using var response = await SendAsync(path, body, null);
        var json = await ErrorAssert.IsErrorAsync(response, 202, "approval_required");
        return json.GetProperty("approval_id").GetString()!;
    }

    private Task<HttpResponseMessage> SendAsync(string path, string body, string? approvalId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        if (approvalId is not null)
        {
            request.Headers.Add("Latchkey-Approval", approvalId);
        }

        return _host.Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> DecideAsync(string approvalId, string verb, string jwt)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/approvals/{approvalId}/{verb}")
        {
            Content = JsonContent.Create(new { justification = "checked by a human" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        return _host.Client.SendAsync(request);
    }
}
