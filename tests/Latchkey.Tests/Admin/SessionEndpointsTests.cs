using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latchkey.Admin;
using Latchkey.Audit;

namespace Latchkey.Tests.Admin;

public sealed class SessionEndpointsTests : IAsyncLifetime
{
    private const string CreateBody = """{"agent_id":"support-bot","scopes":["email.send"],"ttl_seconds":3600}""";

    private LatchkeyTestHost _host = null!;

    public async Task InitializeAsync() => _host = await LatchkeyTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task User_creates_a_session_and_sees_the_token_only_once()
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/sessions", TestJwt.Create(), CreateBody);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = created.RootElement;
        var id = root.GetProperty("id").GetString()!;
        var token = root.GetProperty("token").GetString()!;
        Assert.StartsWith("ses_", id, StringComparison.Ordinal);
        Assert.StartsWith("lk_", token, StringComparison.Ordinal);
        Assert.Equal("t1", root.GetProperty("tenant").GetString());
        Assert.Equal("alice", root.GetProperty("user_id").GetString());
        Assert.Equal("support-bot", root.GetProperty("agent_id").GetString());
        Assert.Equal(["email.send"], root.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
        var expiresAt = root.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Equal($"/v1/sessions/{id}", response.Headers.Location?.ToString());

        using var list = await SendAsync(HttpMethod.Get, "/v1/sessions", TestJwt.Create());
        var listed = await list.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token[3..], listed, StringComparison.Ordinal);
        Assert.DoesNotContain("token", listed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hash", listed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Created_token_authenticates_on_the_data_plane()
    {
        var (id, token) = await CreateAsync(TestJwt.Create());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/agent/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(id, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_writes_an_allowed_admin_audit_event()
    {
        var (id, token) = await CreateAsync(TestJwt.Create());

        var audit = Assert.Single(_host.Audit.Events);
        Assert.Equal(AuditEvent.AdminEventType, audit.EventType);
        Assert.Equal("session.create", audit.Action);
        Assert.Equal(id, audit.Target);
        Assert.Equal(id, audit.SessionId);
        Assert.Equal("t1", audit.Tenant);
        Assert.Equal("alice", audit.UserId);
        Assert.Equal("support-bot", audit.AgentId);
        Assert.Equal(AuditDecisions.Allowed, audit.Decision);
        Assert.Equal(201, audit.Status);
        Assert.False(string.IsNullOrEmpty(audit.RequestId));
        Assert.DoesNotContain(token, JsonSerializer.Serialize(audit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_writes_an_allowed_admin_audit_event_and_refuses_the_token()
    {
        var (id, token) = await CreateAsync(TestJwt.Create());

        using var response = await SendAsync(HttpMethod.Delete, $"/v1/sessions/{id}", TestJwt.Create());

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var audit = _host.Audit.Events[^1];
        Assert.Equal("session.revoke", audit.Action);
        Assert.Equal(id, audit.Target);
        Assert.Equal(id, audit.SessionId);
        Assert.Equal("alice", audit.UserId);
        Assert.Equal("support-bot", audit.AgentId);
        Assert.Equal(AuditDecisions.Allowed, audit.Decision);
        Assert.Equal(204, audit.Status);

        using var agent = new HttpRequestMessage(HttpMethod.Get, "/agent/whoami");
        agent.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var refused = await _host.Client.SendAsync(agent);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var list = await SendAsync(HttpMethod.Get, "/v1/sessions", TestJwt.Create());
        Assert.DoesNotContain(id, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_a_revoked_session_again_is_204_and_audited()
    {
        var (id, _) = await CreateAsync(TestJwt.Create());
        using var first = await SendAsync(HttpMethod.Delete, $"/v1/sessions/{id}", TestJwt.Create());

        using var again = await SendAsync(HttpMethod.Delete, $"/v1/sessions/{id}", TestJwt.Create());

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        var audit = _host.Audit.Events[^1];
        Assert.Equal("session.revoke", audit.Action);
        Assert.Equal(AuditDecisions.Allowed, audit.Decision);
        Assert.Equal(id, audit.Target);
    }

    [Fact]
    public async Task Non_admin_cannot_create_for_another_user()
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/sessions",
            TestJwt.Create(roles: [ManagementRoles.Security]),
            """{"agent_id":"bot","scopes":[],"user_id":"bob"}""");

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "forbidden");
        var audit = Assert.Single(_host.Audit.Events);
        Assert.Equal(AuditDecisions.Denied, audit.Decision);
        Assert.Equal("forbidden", audit.Reason);
        Assert.Equal("session.create", audit.Action);
        Assert.Equal(403, audit.Status);
    }

    [Fact]
    public async Task Admin_creates_for_another_user_in_its_tenant()
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/sessions",
            TestJwt.Create(roles: [ManagementRoles.Admin]),
            """{"agent_id":"bot","scopes":["a"],"user_id":"bob"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bob", json.RootElement.GetProperty("user_id").GetString());
        Assert.Equal("t1", json.RootElement.GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task Plain_user_lists_only_own_sessions()
    {
        var (aliceId, _) = await CreateAsync(TestJwt.Create(sub: "alice"));
        var (bobId, _) = await CreateAsync(TestJwt.Create(sub: "bob"));

        var listed = await ListIdsAsync(TestJwt.Create(sub: "alice"));

        Assert.Equal([aliceId], listed);
        Assert.DoesNotContain(bobId, listed);
    }

    [Theory]
    [InlineData(ManagementRoles.Admin)]
    [InlineData(ManagementRoles.Security)]
    [InlineData(ManagementRoles.Auditor)]
    public async Task Privileged_roles_list_all_sessions_of_their_tenant_only(string role)
    {
        var (aliceId, _) = await CreateAsync(TestJwt.Create(sub: "alice"));
        var (bobId, _) = await CreateAsync(TestJwt.Create(sub: "bob"));
        var (otherTenantId, _) = await CreateAsync(TestJwt.Create(sub: "carol", tenant: "t2"));

        var listed = await ListIdsAsync(TestJwt.Create(sub: "root", roles: [role]));

        Assert.Equal(new[] { aliceId, bobId }.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(otherTenantId, listed);
    }

    [Fact]
    public async Task Other_tenant_sees_nothing_and_cannot_revoke()
    {
        var (id, token) = await CreateAsync(TestJwt.Create(tenant: "t1"));
        var otherAdmin = TestJwt.Create(sub: "alice", tenant: "t2", roles: [ManagementRoles.Admin]);

        Assert.Empty(await ListIdsAsync(otherAdmin));
        using var response = await SendAsync(HttpMethod.Delete, $"/v1/sessions/{id}", otherAdmin);

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
        var audit = _host.Audit.Events[^1];
        Assert.Equal(AuditDecisions.Denied, audit.Decision);
        Assert.Equal("not_found", audit.Reason);
        Assert.Equal("t2", audit.Tenant);
        using var agent = new HttpRequestMessage(HttpMethod.Get, "/agent/whoami");
        agent.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var stillValid = await _host.Client.SendAsync(agent);
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.NotFound)]
    [InlineData(ManagementRoles.Auditor, HttpStatusCode.NotFound)]
    [InlineData(ManagementRoles.Security, HttpStatusCode.NoContent)]
    [InlineData(ManagementRoles.Admin, HttpStatusCode.NoContent)]
    public async Task Revoking_another_users_session_needs_admin_or_security(string? role, HttpStatusCode expected)
    {
        var (id, _) = await CreateAsync(TestJwt.Create(sub: "bob"));

        using var response = await SendAsync(HttpMethod.Delete, $"/v1/sessions/{id}",
            TestJwt.Create(sub: "alice", roles: role is null ? null : [role]));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("ses_AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-an-id")]
    public async Task Unknown_session_is_not_found(string id)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"/v1/sessions/{id}", TestJwt.Create());

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(AuditDecisions.Denied, Assert.Single(_host.Audit.Events).Decision);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"agent_id":"bot","scopes":[],"extra":"SECRETVALUE"}""", "JSON body" },
        { """{"agent_id":"bad agent SECRETVALUE","scopes":[]}""", "agent_id" },
        { """{"agent_id":"bot","scopes":["SECRETVALUE bad"]}""", "scopes" },
        { """{"agent_id":"bot","scopes":[],"ttl_seconds":0}""", "ttl_seconds" },
        { """{"agent_id":"bot","scopes":[],"ttl_seconds":86401}""", "ttl_seconds" },
        { """{"agent_id":"bot","scopes":[],"ttl_seconds":"SECRETVALUE"}""", "ttl_seconds" },
        { """{"agent_id":"bot","agent_id":"bot2","scopes":[]}""", "agent_id" },
        { """{"scopes":[]}""", "agent_id" },
        { "SECRETVALUE", "JSON body" },
        { "", "JSON body" },
        { "null", "JSON body" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_body_is_refused_naming_the_field_without_echoing_values(string body, string field)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/sessions", TestJwt.Create(), body);

        var text = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains(field, text, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETVALUE", text, StringComparison.Ordinal);
        var audit = Assert.Single(_host.Audit.Events);
        Assert.Equal(AuditDecisions.Denied, audit.Decision);
        Assert.Equal("invalid_request", audit.Reason);
        Assert.Empty(await ListIdsAsync(TestJwt.Create()));
    }

    [Fact]
    public async Task Unwritable_audit_refuses_changes_with_503()
    {
        var (id, _) = await CreateAsync(TestJwt.Create());
        _host.Audit.IsWritable = false;

        using var create = await SendAsync(HttpMethod.Post, "/v1/sessions", TestJwt.Create(), CreateBody);
        using var revoke = await SendAsync(HttpMethod.Delete, $"/v1/sessions/{id}", TestJwt.Create());

        await AssertErrorAsync(create, HttpStatusCode.ServiceUnavailable, "audit_unavailable");
        await AssertErrorAsync(revoke, HttpStatusCode.ServiceUnavailable, "audit_unavailable");
        Assert.Equal([id], await ListIdsAsync(TestJwt.Create()));
    }

    public static TheoryData<string> BadTokens => new()
    {
        "none",
        "wrong_key",
        "wrong_audience",
        "expired",
        "missing_tid",
        "missing_sub",
        "garbage",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_management_tokens_get_401_json(string kind)
    {
        var jwt = kind switch
        {
            "none" => TestJwt.Create(signed: false),
            "wrong_key" => TestJwt.Create(key: RandomNumberGenerator.GetBytes(32)),
            "wrong_audience" => TestJwt.Create(audience: "someone-else"),
            "expired" => TestJwt.Create(expires: DateTime.UtcNow.AddMinutes(-5)),
            "missing_tid" => TestJwt.Create(tenant: null),
            "missing_sub" => TestJwt.Create(sub: null),
            _ => "not.a.jwt",
        };

        using var post = await SendAsync(HttpMethod.Post, "/v1/sessions", jwt, CreateBody);
        using var get = await SendAsync(HttpMethod.Get, "/v1/sessions", jwt);

        await AssertErrorAsync(post, HttpStatusCode.Unauthorized, "unauthorized");
        await AssertErrorAsync(get, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Empty(_host.Audit.Events);
    }

    [Fact]
    public async Task Missing_management_token_gets_401_json()
    {
        using var response = await _host.Client.GetAsync(new Uri("/v1/sessions", UriKind.Relative));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Agent_session_token_is_not_a_management_token()
    {
        var (_, token) = await CreateAsync(TestJwt.Create());

        using var response = await SendAsync(HttpMethod.Get, "/v1/sessions", token);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    private async Task<(string Id, string Token)> CreateAsync(string jwt)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/sessions", jwt, CreateBody);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("token").GetString()!);
    }

    private async Task<string[]> ListIdsAsync(string jwt)
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/sessions", jwt);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string jwt, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await _host.Client.SendAsync(request);
    }

    private static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(code, json.RootElement.GetProperty("error").GetString());
        Assert.True(json.RootElement.TryGetProperty("request_id", out _));
        return text;
    }
}
