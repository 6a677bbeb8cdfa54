using System.Net.Http.Headers;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>Latchkey in front of <see cref="FakeRemoteMcpServer"/> as the <c>kind: mcp</c> provider <c>remote</c>; alice has connected it.</summary>
public class RemoteMcpRig : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _providers;
    private readonly string _rules;
    private readonly string? _tools;

    public RemoteMcpRig()
        : this(new Dictionary<string, string?>(), string.Empty, string.Empty, null)
    {
    }

    /// <summary>The same rig with more settings, providers and rules (appended), and a tools.yaml for <c>/mcp</c>.</summary>
    protected RemoteMcpRig(IReadOnlyDictionary<string, string?> settings, string moreProviders, string moreRules, string? tools)
    {
        _settings = settings;
        _providers = Providers + moreProviders;
        _rules = Rules + moreRules;
        _tools = tools;
    }

    public const string Providers = """
        providers:
          remote:
            kind: mcp
            upstream: {remote}
            allow_private_network: true
        """;

    public const string Rules = """
        rules:
          - id: remote.list
            provider: remote
            tool: list_issues
            scopes: [remote.read]
            action: allow
          - id: remote.create
            provider: remote
            tool: create_issue
            scopes: [remote.write]
            action: allow
            when:
              - body: /params/arguments/repo
                equals: hello
          - id: remote.close
            provider: remote
            tool: close_issue
            scopes: [remote.write]
            action: approve
          - id: remote.progress
            provider: remote
            tool: slow_progress
            action: allow
          - id: remote.no-delete
            provider: remote
            tool: delete_repo
            action: deny
        """;

    public static readonly string[] Scopes = ["remote.read", "remote.write"];

    public FakeRemoteMcpServer Remote { get; private set; } = null!;

    public LatchkeyTestHost Host { get; private set; } = null!;

    public Uri Endpoint => new(Host.BaseAddress, "/remote/mcp");

    public async Task InitializeAsync()
    {
        Remote = await FakeRemoteMcpServer.StartAsync();
        Host = LatchkeyTestHost.Start(_providers.Replace("{remote}", Remote.Endpoint, StringComparison.Ordinal), _rules,
            settings: new Dictionary<string, string?>(_settings) { ["Latchkey:Seq:BatchWindow"] = "00:00:00" }, toolsYaml: _tools);
        await Host.SeedUserTokenAsync("acme", "alice", "remote", FakeRemoteMcpServer.Token);
    }

    public async Task<CreatedSession> NewSessionAsync(params string[] scopes)
    {
        Remote.Reset();
        return await Host.CreateSessionAsync("acme", "alice", "mcp-agent", scopes.Length == 0 ? Scopes : scopes);
    }

    public async Task<McpClient> ConnectAsync(CreatedSession session, string path = "/remote/mcp")
    {
        ArgumentNullException.ThrowIfNull(session);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Host.BaseAddress, path),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + session.Token },
        });
        return await McpClient.CreateAsync(transport);
    }

    /// <summary>The session's <c>latchkey.request</c> events, once at least <paramref name="count"/> have arrived.</summary>
    public async Task<IReadOnlyList<JsonElement>> AuditEventsAsync(CreatedSession session, Func<JsonElement, bool> which, int count)
    {
        ArgumentNullException.ThrowIfNull(session);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var events = Host.Seq!.Events
                .Where(e => Text(e, "SessionId") == session.Id && Text(e, "EventType") == "latchkey.request" && which(e))
                .ToList();
            if (events.Count >= count || DateTime.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The id of the session's pending approval, once a held call (waiting or not) has created it.</summary>
    public async Task<string> PendingApprovalAsync(CreatedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/approvals?status=pending");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Host.Jwt.Issue("acme", "alice"));
            using var response = await Host.Client.SendAsync(request);
            using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var pending = list.RootElement.EnumerateArray().FirstOrDefault(a => a.GetProperty("session_id").GetString() == session.Id);
            if (pending.ValueKind == JsonValueKind.Object)
            {
                return pending.GetProperty("id").GetString()!;
            }

            Assert.True(DateTime.UtcNow < deadline, "the call was never held");
            await Task.Delay(50);
        }
    }

    /// <summary>The server always got alice's token and never a session token.</summary>
    public void AssertServerSawOnlyTheInjectedCredential()
    {
        Assert.NotEmpty(Remote.Received);
        foreach (var request in Remote.Received)
        {
            Assert.Empty(request.SessionTokenSightings);
            Assert.Equal("Bearer " + FakeRemoteMcpServer.Token, request.Authorization);
        }
    }

    public static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? value.ToString() : null;

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Remote.DisposeAsync();
    }
}
