using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Testing;

namespace Latchkey.IntegrationTests.Faults;

/// <summary>
/// Latchkey as a real process on loopback with its own config folder, audit buffer and a
/// recording upstream, plus a ready agent session holding every scope of <see cref="TestConfigs"/>.
/// </summary>
public sealed class FaultRig : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;

    private FaultRig(string root, RecordingUpstream upstream, LatchkeyProcess process, HttpClient client, string token, string adminJwt, Dictionary<string, string> environment)
    {
        _environment = environment;
        AdminJwt = adminJwt;
        Root = root;
        Upstream = upstream;
        Process = process;
        Client = client;
        Token = token;
    }

    public string Root { get; }

    public string AuditPath => Path.Combine(Root, "audit");

    public RecordingUpstream Upstream { get; }

    public LatchkeyProcess Process { get; private set; }

    public HttpClient Client { get; private set; }

    public string Token { get; }

    /// <summary>A management JWT for acme/alice.</summary>
    public string AdminJwt { get; }

    public static async Task<FaultRig> StartAsync(string? seqUrl, IReadOnlyDictionary<string, string>? settings = null, string? providersYaml = null, string? rulesYaml = null)
    {
        TestConfigs.EnsureEnvironment();
        var upstream = new RecordingUpstream();
        var jwt = new TestJwt();
        var root = Directory.CreateTempSubdirectory("latchkey-fault-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "config"));
        await File.WriteAllTextAsync(Path.Combine(root, "config", "providers.yaml"), (providersYaml ?? TestConfigs.Providers).Replace("{upstream}", upstream.Url, StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(root, "config", "rules.yaml"), rulesYaml ?? TestConfigs.Rules);
        var environment = new Dictionary<string, string>
        {
            ["Latchkey__ConfigDir"] = Path.Combine(root, "config"),
            ["Latchkey__Audit__BufferPath"] = Path.Combine(root, "audit"),
            ["Latchkey__Admin__SigningKey"] = jwt.Base64Key,
            ["Latchkey__Seq__ServerUrl"] = seqUrl ?? string.Empty,
            [TestConfigs.TicketsKeyVariable] = TestConfigs.TicketsKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        LatchkeyProcess? process = null;
        try
        {
            process = await LatchkeyProcess.StartAsync(root, environment);
            return await ConnectAsync(root, upstream, process, jwt, environment);
        }
        catch
        {
            // A start that fails (as some fault tests expect) must leave nothing running or on disk.
            if (process is not null)
            {
                await process.DisposeAsync();
            }

            upstream.Dispose();
            TempRoot.DeleteQuietly(root);
            throw;
        }
    }

    private static async Task<FaultRig> ConnectAsync(string root, RecordingUpstream upstream, LatchkeyProcess process, TestJwt jwt, Dictionary<string, string> environment)
    {
        var client = NewClient(process);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = JsonContent.Create(new { agent_id = "fault-bot", scopes = new[] { "tickets.read", "email.read", "email.send" } }),
        };
        var adminJwt = jwt.Issue("acme", "alice");
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminJwt);
        using var created = await client.SendAsync(create);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, "session create failed: " + body);
        var token = JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
        return new FaultRig(root, upstream, process, client, token, adminJwt, environment);
    }

    /// <summary>
    /// Kills the process with SIGKILL (no shutdown code runs) and starts a new one on the same
    /// config and audit buffer. The embedded store died with the old process: <see cref="Token"/>
    /// is no longer valid.
    /// </summary>
    public async Task KillAndRestartAsync()
    {
        await Process.DisposeAsync();
        Client.Dispose();
        Process = await LatchkeyProcess.StartAsync(Root, _environment);
        Client = NewClient(Process);
    }

    /// <summary>
    /// Waits until everything this process logged and audited before the call has reached
    /// <paramref name="seq"/>. The process's loggers are out of reach here, so the barrier is a
    /// request: a protocol upgrade, refused with one application line (<c>UpgradeRefused</c>) and
    /// one audit event carrying its request id. Serilog's Seq sink and the audit shipper each post
    /// in order, so once both have arrived every earlier line has too. Not after a Seq outage:
    /// Serilog's sink then backs off for longer than a test waits (the process output holds the
    /// same application lines).
    /// </summary>
    public async Task FlushToSeqAsync(SeqStandIn seq)
    {
        ArgumentNullException.ThrowIfNull(seq);
        int UpgradeRefusals() => seq.Payloads.Sum(text => text.Split("\"UpgradeRefused\"").Length - 1);
        var before = UpgradeRefusals();
        using var barrier = new HttpRequestMessage(HttpMethod.Get, "/tickets/rest/api/3/issue/LOG-BARRIER");
        barrier.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        barrier.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        using var refused = await Client.SendAsync(barrier);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        var requestId = refused.Headers.GetValues("Latchkey-Request-Id").Single();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (UpgradeRefusals() <= before || !seq.Payloads.Any(text => text.Contains(requestId, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the barrier's log line or audit event never reached Seq");
            await Task.Delay(50);
        }
    }

    private static HttpClient NewClient(LatchkeyProcess process) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = process.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>GET on the agent-credential provider with the session token.</summary>
    public Task<HttpResponseMessage> GetTicketAsync(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/tickets/rest/api/3/issue/" + key);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
        Upstream.Dispose();
        TempRoot.DeleteQuietly(Root);
    }
}
