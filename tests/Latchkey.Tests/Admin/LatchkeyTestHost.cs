using Latchkey.Admin;
using Latchkey.Audit;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Tests.Admin;

/// <summary>
/// A minimal in-process app with the session and authentication parts, the /v1/sessions endpoints and
/// a data-plane probe endpoint (<c>/agent/whoami</c>) behind the AgentSession policy.
/// </summary>
internal sealed class LatchkeyTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LatchkeyTestHost(WebApplication app, RecordingAuditTrail audit)
    {
        _app = app;
        Audit = audit;
        Client = app.GetTestClient();
    }

    public RecordingAuditTrail Audit { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<LatchkeyTestHost> StartAsync(
        Action<IServiceCollection>? configureServices = null,
        IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>
        {
            ["Latchkey:Admin:SigningKey"] = TestJwt.KeyBase64,
        });
        var audit = new RecordingAuditTrail();
        builder.Services.AddSingleton<IAuditTrail>(audit);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddLatchkeySessions(builder.Configuration);
        builder.Services.AddLatchkeyAdmin(builder.Configuration);

        var app = builder.Build();
        app.MapLatchkeySessions();
        app.MapGet("/agent/whoami", (HttpContext context) =>
        {
            var session = context.Features.Get<AgentSessionFeature>()?.Session;
            return new
            {
                session_id = session?.Id,
                sub = context.User.FindFirst("sub")?.Value,
                tid = context.User.FindFirst("tid")?.Value,
                agent_id = context.User.FindFirst("agent_id")?.Value,
                sid = context.User.FindFirst("sid")?.Value,
                scopes = context.User.FindAll("scope").Select(c => c.Value).Order(StringComparer.Ordinal).ToArray(),
            };
        }).RequireAuthorization(AgentSessionDefaults.PolicyName);
        await app.StartAsync();
        return new LatchkeyTestHost(app, audit);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
