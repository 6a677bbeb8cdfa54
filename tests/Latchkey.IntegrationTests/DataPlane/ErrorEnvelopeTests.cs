using System.Net.Http.Headers;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.DataPlane;

/// <summary>
/// Refusals in each provider's error envelope (providers.yaml <c>errors</c>), over real HTTP: the
/// status that provider's SDKs neither misread nor retry, the body they parse with Latchkey's
/// code, message, rule and request id in it, <c>Latchkey-Error</c> and <c>x-should-retry: false</c>
/// on every one, no secret anywhere, and nothing forwarded.
/// </summary>
public sealed class ErrorEnvelopeTests : IAsyncLifetime
{
    // Every provider uses an agent key that is not set: an allowed request is 503 credential_unavailable (a config error).
    private const string MissingKeyVariable = "LATCHKEY_IT_ENVELOPE_KEY_NOT_SET";

    private static readonly string[] Envelopes = ["latchkey", "openai", "anthropic", "slack", "google", "github"];

    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public static TheoryData<string, string, int> Cases { get; } = new()
    {
        // envelope, refusal, status sent
        { "latchkey", "route_denied", 403 }, { "latchkey", "approval_required", 202 }, { "latchkey", "credential_unavailable", 503 },
        { "openai", "route_denied", 403 }, { "openai", "approval_required", 403 }, { "openai", "credential_unavailable", 503 },
        { "anthropic", "route_denied", 403 }, { "anthropic", "approval_required", 403 }, { "anthropic", "credential_unavailable", 503 },
        { "slack", "route_denied", 200 }, { "slack", "approval_required", 200 }, { "slack", "credential_unavailable", 200 },
        { "google", "route_denied", 403 }, { "google", "approval_required", 403 }, { "google", "credential_unavailable", 400 },
        { "github", "route_denied", 403 }, { "github", "approval_required", 403 }, { "github", "credential_unavailable", 422 },
    };

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(MissingKeyVariable, null);
        _host = LatchkeyTestHost.Start(Providers(), Rules(), withSeq: true);
        _session = await _host.CreateSessionAsync("acme", "alice", "bot");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_refusal_is_written_in_the_providers_envelope(string envelope, string code, int status)
    {
        using var response = await SendAsync(envelope, code);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(code, Assert.Single(response.Headers.GetValues("Latchkey-Error")));
        Assert.Equal("false", Assert.Single(response.Headers.GetValues("x-should-retry")));
        var requestId = Assert.Single(response.Headers.GetValues("Latchkey-Request-Id"));

        var body = JsonDocument.Parse(text).RootElement;
        var (bodyCode, message, bodyRequestId, fields) = Read(envelope, body);
        Assert.Equal(code, bodyCode);
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Equal(requestId, bodyRequestId);
        switch (code)
        {
            case "route_denied":
                Assert.Equal($"{envelope}.deny", fields.GetProperty("rule").GetString());
                break;
            case "approval_required":
                Assert.StartsWith("apr_", fields.GetProperty("approval_id").GetString(), StringComparison.Ordinal);
                break;
        }

        Assert.DoesNotContain("lk_", text, StringComparison.Ordinal);
        Assert.DoesNotContain(MissingKeyVariable, text, StringComparison.Ordinal);
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task An_anonymous_401_is_the_same_for_every_provider_and_for_a_name_not_configured()
    {
        // Provider names cannot be probed without a session: the shape is the provider's only
        // once a session is resolved, never for invalid_session.
        foreach (var name in Envelopes.Select(e => "p-" + e).Append("nosuch"))
        {
            using var response = await _host.SendAsync(HttpMethod.Get, $"/{name}/allowed", sessionToken: null);
            await ErrorAssert.IsErrorAsync(response, 401, "invalid_session");
            Assert.Equal("invalid_session", Assert.Single(response.Headers.GetValues("Latchkey-Error")));
            Assert.False(response.Headers.Contains("x-request-id"), name);
            Assert.False(response.Headers.Contains("request-id"), name);
            Assert.Empty(_host.Upstream.Received);
        }
    }

    [Theory]
    [InlineData("openai", "x-request-id")]
    [InlineData("anthropic", "request-id")]
    public async Task The_request_id_is_also_where_the_sdk_reads_it(string envelope, string header)
    {
        using var response = await SendAsync(envelope, "route_denied");

        Assert.Equal(response.Headers.GetValues("Latchkey-Request-Id"), response.Headers.GetValues(header));
    }

    [Fact]
    public async Task A_refusal_sent_as_200_is_audited_as_denied_with_the_status_the_agent_got()
    {
        using var denied = await SendAsync("slack", "route_denied");
        using var unavailable = await SendAsync("slack", "credential_unavailable");

        var deniedEvent = await _host.WaitForAuditEventAsync(denied);
        Assert.Equal("denied", deniedEvent.GetProperty("Decision").GetString());
        Assert.Equal("route_denied", deniedEvent.GetProperty("Reason").GetString());
        Assert.Equal(200, deniedEvent.GetProperty("Status").GetInt32());
        Assert.Equal("slack.deny", deniedEvent.GetProperty("RuleId").GetString());

        // A config error stays a failure in the audit, whatever status the envelope sends.
        var failedEvent = await _host.WaitForAuditEventAsync(unavailable);
        Assert.Equal("failed", failedEvent.GetProperty("Decision").GetString());
        Assert.Equal("credential_unavailable", failedEvent.GetProperty("Reason").GetString());
    }

    [Fact]
    public async Task Before_a_provider_is_resolved_errors_keep_the_latchkey_shape()
    {
        using var unknown = await _host.SendAsync(HttpMethod.Get, "/nosuch/allowed", _session.Token);
        using var management = await _host.SendAsync(HttpMethod.Get, "/v1/sessions", "not-a-jwt");

        var body = await ErrorAssert.IsErrorAsync(unknown, 404, "unknown_provider");
        Assert.Equal("unknown_provider", Assert.Single(unknown.Headers.GetValues("Latchkey-Error")));
        await ErrorAssert.IsErrorAsync(management, 401, "unauthorized");
        Assert.Equal("unauthorized", Assert.Single(management.Headers.GetValues("Latchkey-Error")));
        Assert.Equal(JsonValueKind.String, body.GetProperty("error").ValueKind);
    }

    private async Task<HttpResponseMessage> SendAsync(string envelope, string code)
    {
        var provider = "/p-" + envelope;
        return code switch
        {
            "route_denied" => await _host.SendAsync(HttpMethod.Get, provider + "/denied", _session.Token),
            "approval_required" => await _host.SendAsync(HttpMethod.Post, provider + "/held", _session.Token, Json("{\"n\":1}")),
            _ => await _host.SendAsync(HttpMethod.Get, provider + "/allowed", _session.Token),
        };
    }

    private static StringContent Json(string json) => new(json, new MediaTypeHeaderValue("application/json"));

    /// <summary>Where each envelope puts the code, message, request id and the code's extra fields.</summary>
    private static (string? Code, string? Message, string? RequestId, JsonElement Fields) Read(string envelope, JsonElement body)
    {
        switch (envelope)
        {
            case "openai":
                var openai = body.GetProperty("error");
                return (openai.GetProperty("code").GetString(), openai.GetProperty("message").GetString(), openai.GetProperty("request_id").GetString(), openai);
            case "anthropic":
                Assert.Equal("error", body.GetProperty("type").GetString());
                var anthropic = body.GetProperty("error");
                var details = anthropic.GetProperty("details");
                return (details.GetProperty("error_code").GetString(), anthropic.GetProperty("message").GetString(), body.GetProperty("request_id").GetString(), details);
            case "google":
                var google = body.GetProperty("error");
                var reason = google.GetProperty("errors")[0];
                Assert.Equal("latchkey", reason.GetProperty("domain").GetString());
                return (reason.GetProperty("reason").GetString(), google.GetProperty("message").GetString(), google.GetProperty("request_id").GetString(), google);
            case "slack":
                Assert.False(body.GetProperty("ok").GetBoolean());
                goto default;
            case "github":
                Assert.Equal(JsonValueKind.String, body.GetProperty("status").ValueKind);
                goto default;
            default:
                return (body.GetProperty("error").GetString(), body.GetProperty("message").GetString(), body.GetProperty("request_id").GetString(), body);
        }
    }

    private static string Providers()
    {
        var yaml = new System.Text.StringBuilder("providers:\n");
        foreach (var envelope in Envelopes)
        {
            yaml.Append($"""
                  p-{envelope}:
                    upstream: "{"{upstream}"}"
                    allow_private_network: true
                    credential: agent
                    agent:
                      type: api_key
                      key: env:{MissingKeyVariable}

                """);

            // Slack's envelope comes from its preset; the others are named explicitly.
            yaml.Append(envelope == "slack" ? "    preset: slack\n" : $"    errors: {envelope}\n");
        }

        return yaml.ToString();
    }

    private static string Rules()
    {
        var yaml = new System.Text.StringBuilder("rules:\n");
        foreach (var envelope in Envelopes)
        {
            yaml.Append($"""
                  - id: {envelope}.allow
                    provider: p-{envelope}
                    methods: [GET]
                    path: /allowed
                    action: allow
                  - id: {envelope}.deny
                    provider: p-{envelope}
                    methods: [GET]
                    path: /denied
                    action: deny
                  - id: {envelope}.hold
                    provider: p-{envelope}
                    methods: [POST]
                    path: /held
                    action: approve

                """);
        }

        return yaml.ToString();
    }
}
