using Latchkey.Admin;
using Latchkey.Admin.OpenApi;
using Latchkey.Admin.SignIn;
using Latchkey.Approvals;
using Latchkey.Approvals.Notifications;
using Latchkey.Audit;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.DataPlane;
using Latchkey.Forwarding;
using Latchkey.Hosting;
using Latchkey.Mcp;
using Latchkey.RateLimiting;
using Latchkey.Rules;
using Latchkey.Sessions;
using Latchkey.Stores;
using Latchkey.Telemetry;

namespace Latchkey;

/// <summary>
/// The whole host as a list of parts: one <c>AddLatchkeyX</c> per folder for the services (Stores
/// first: it decides where state lives before the parts add their in-memory defaults), and the
/// request pipeline in the order the contract needs. <c>Program</c> and the registration tests
/// both use these, so what is tested is what runs.
/// </summary>
public static class LatchkeyApplication
{
    public static IServiceCollection AddLatchkey(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddLatchkeyHosting()
            .AddLatchkeyStores(configuration)
            .AddLatchkeyConfig(configuration)
            .AddLatchkeyAudit(configuration)
            .AddLatchkeySessions(configuration)
            .AddLatchkeyAdmin(configuration)
            .AddLatchkeyUiSignIn(configuration)
            .AddLatchkeyApprovals()
            .AddLatchkeyApprovalNotifications()
            .AddLatchkeyRateLimiting()
            .AddLatchkeyRules()
            .AddLatchkeyCredentials()
            .AddLatchkeyForwarding()
            .AddLatchkeyDataPlane()
            .AddLatchkeyMcp()
            .AddLatchkeyOpenApi()
            .AddLatchkeyTelemetry(configuration);

    public static WebApplication UseLatchkey(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseLatchkeyRequestGate(beforeAudit: gate => gate.UseLatchkeyPrometheus());
        app.UseLatchkeyDataPlane();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapLatchkeyHealth();
        app.MapLatchkeySessions();
        app.MapLatchkeyApprovals();
        app.MapLatchkeyApprovalNotifications();
        app.MapLatchkeyRules();
        app.MapLatchkeyOpenApi();
        app.MapLatchkeyApprovalsPage();
        app.MapLatchkeyUiSignIn();
        app.MapLatchkeyConnectionsPage();
        app.MapLatchkeyConnections();
        app.MapLatchkeyMcp();
        app.MapLatchkeyReservedFallbacks();
        return app;
    }
}
