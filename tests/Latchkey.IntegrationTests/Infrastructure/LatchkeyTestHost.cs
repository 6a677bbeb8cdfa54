using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Latchkey.Credentials;
using Latchkey.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>
/// One running Latchkey with its own config folder, audit buffer, recording upstream and Seq
/// stand-in, all on loopback. Provider YAML may use <c>{upstream}</c> for the upstream's URL.
/// </summary>
public sealed class LatchkeyTestHost : IAsyncDisposable
{
    private const string LogBarrierCategory = "Latchkey.IntegrationTests.LogBarrier";

    private static readonly Action<ILogger, string, Exception?> LogBarrier =
        LoggerMessage.Define<string>(LogLevel.Information, new EventId(1, "LogBarrier"), "{Marker}");

    private LatchkeyTestHost(string root, RecordingUpstream upstream, SeqStandIn? seq, TestJwt jwt, LatchkeyFactory factory)
    {
        Root = root;
        Upstream = upstream;
        Seq = seq;
        Jwt = jwt;
        Factory = factory;
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseAddress = new Uri(addresses.Addresses.First());
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = BaseAddress,
        };
    }

    public string Root { get; }

    public string ConfigDir => Path.Combine(Root, "config");

    public RecordingUpstream Upstream { get; }

    public SeqStandIn? Seq { get; }

    public TestJwt Jwt { get; }

    public LatchkeyFactory Factory { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static LatchkeyTestHost Start(
        string providersYaml,
        string rulesYaml,
        bool withSeq = true,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        int port = 0,
        string? toolsYaml = null)
    {
        var root = Directory.CreateTempSubdirectory("latchkey-it-").FullName;
        var upstream = new RecordingUpstream();
        var seq = withSeq ? new SeqStandIn() : null;
        var jwt = new TestJwt();
        Directory.CreateDirectory(Path.Combine(root, "config"));
        File.WriteAllText(Path.Combine(root, "config", "providers.yaml"), providersYaml.Replace("{upstream}", upstream.Url, StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(root, "config", "rules.yaml"), rulesYaml);
        if (toolsYaml is not null)
        {
            File.WriteAllText(Path.Combine(root, "config", "tools.yaml"), toolsYaml);
        }

        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Latchkey:ConfigDir"] = Path.Combine(root, "config"),
            ["Latchkey:Audit:BufferPath"] = Path.Combine(root, "audit"),
            ["Latchkey:Admin:SigningKey"] = jwt.Base64Key,
            ["Latchkey:Seq:ServerUrl"] = seq?.Url ?? string.Empty,
            ["Latchkey:Redis"] = string.Empty,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var factory = new LatchkeyFactory(root, all, services, port);
        try
        {
            return new LatchkeyTestHost(root, upstream, seq, jwt, factory);
        }
        catch
        {
            // A fixed port can be taken by the time Kestrel binds it: leave nothing running.
            factory.Dispose();
            upstream.Dispose();
            seq?.Dispose();
            TempRoot.DeleteQuietly(root);
            throw;
        }
    }

    /// <summary>Creates a session through the management API, as the user themself.</summary>
    /// <remarks>
    /// A <c>503 store_unavailable</c> is retried twice, as the contract tells clients to: test
    /// setup against a real Redis on a loaded runner must not fail on one slow first call. Tests
    /// about outages send their own requests and see every refusal.
    /// </remarks>
    public async Task<CreatedSession> CreateSessionAsync(string tenant, string user, string agent, params string[] scopes)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
            {
                Content = JsonContent.Create(new { agent_id = agent, scopes }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Jwt.Issue(tenant, user));
            using var response = await Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (attempt < 3 && response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && body.Contains("store_unavailable", StringComparison.Ordinal))
            {
                await Task.Delay(200);
                continue;
            }

            return ParseCreated(response.StatusCode, body);
        }
    }

    private static CreatedSession ParseCreated(System.Net.HttpStatusCode status, string body)
    {
        Assert.True(status == System.Net.HttpStatusCode.Created, $"session create failed: {(int)status} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return new CreatedSession(json.GetProperty("id").GetString()!, json.GetProperty("token").GetString()!);
    }

    /// <summary>Puts a user's provider token in the vault, as a completed connect flow would.</summary>
    public Task SeedUserTokenAsync(string tenant, string user, string provider, string accessToken, DateTimeOffset? expiresAt = null)
    {
        var vault = Factory.Services.GetRequiredService<ITokenVault>();
        return vault.StoreAsync(
            new ConnectionKey(tenant, user, provider),
            new UserToken { AccessToken = new SecretValue(accessToken), ExpiresAt = expiresAt, ConnectedAt = DateTimeOffset.UtcNow },
            CancellationToken.None);
    }

    /// <summary>A human (<paramref name="user"/>, through the management API) approves or denies <paramref name="approvalId"/>.</summary>
    public async Task DecideApprovalAsync(string tenant, string user, string approvalId, bool approve = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/approvals/{approvalId}/{(approve ? "approve" : "deny")}")
        {
            Content = JsonContent.Create(new { justification = "checked by a human" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Jwt.Issue(tenant, user));
        using var decided = await Client.SendAsync(request);
        Assert.True(decided.IsSuccessStatusCode, $"deciding {approvalId}: {(int)decided.StatusCode}");
    }

    /// <summary>A request to the data plane with the session token as a bearer token.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? sessionToken, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (sessionToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sessionToken);
        }

        return Client.SendAsync(request);
    }

    /// <summary>Waits until the Seq stand-in has an audit event for the request id.</summary>
    /// <summary>The request's own record (a refusal, or a forwarded request's completion), never its write-ahead record.</summary>
    /// <summary>The audit event of the request <paramref name="response"/> answered (by its <c>Latchkey-Request-Id</c>).</summary>
    public Task<JsonElement> WaitForAuditEventAsync(HttpResponseMessage response, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        return WaitForAuditEventAsync(Assert.Single(response.Headers.GetValues("Latchkey-Request-Id")), timeout);
    }

    public async Task<JsonElement> WaitForAuditEventAsync(string requestId, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(Seq);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            var match = Seq.Events.FirstOrDefault(e => e.TryGetProperty("RequestId", out var id) && id.GetString() == requestId
                && !(e.TryGetProperty("EventType", out var type) && type.GetString() == "latchkey.forward"));
            if (match.ValueKind == JsonValueKind.Object)
            {
                return match;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No audit event for request {requestId} reached the Seq stand-in.");
    }

    /// <summary>
    /// Everything Latchkey emitted so far: the Seq stand-in's payloads (application events and
    /// audit) and the audit buffer's segments. Waits for the application-event sink first
    /// (<see cref="FlushApplicationLogsAsync"/>), so a secret logged just before this call is in it.
    /// </summary>
    public async Task<string> EmittedTextAsync()
    {
        if (Seq is not null)
        {
            await FlushApplicationLogsAsync();
        }

        var emitted = new System.Text.StringBuilder().AppendJoin('\n', Seq?.Payloads ?? []);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "audit"), "*.clef", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            emitted.AppendLine(await new StreamReader(stream).ReadToEndAsync());
        }

        return emitted.ToString();
    }

    /// <summary>
    /// Waits until every application event logged so far has reached the Seq stand-in. Serilog's
    /// Seq sink posts batches every two seconds or so, in the order events were logged, so a
    /// marker logged now arriving means every earlier event has arrived too. Without this, "the
    /// logs do not contain X" passes whenever the line with X is still in the sink's queue.
    /// </summary>
    public async Task FlushApplicationLogsAsync()
    {
        ArgumentNullException.ThrowIfNull(Seq);
        var marker = "log-barrier-" + Guid.NewGuid().ToString("N");
        LogBarrier(Factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogBarrierCategory), marker, null);
        await Seq.WaitForPayloadContainingAsync(marker, TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        Upstream.Dispose();
        Seq?.Dispose();
        TempRoot.DeleteQuietly(Root);
    }
}

/// <summary>A session as returned once by POST /v1/sessions.</summary>
public sealed record CreatedSession(string Id, string Token);
