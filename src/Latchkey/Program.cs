using Latchkey.Admin;
using Latchkey.Admin.OpenApi;
using Latchkey.Admin.SignIn;
using Latchkey.Approvals;
using Latchkey.Audit;
using Latchkey.Cli;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.DataPlane;
using Latchkey.Demo;
using Latchkey.Forwarding;
using Latchkey.Hosting;
using Latchkey.Mcp;
using Latchkey.RateLimiting;
using Latchkey.Sessions;
using Latchkey.Stores;
using Latchkey.Telemetry;

if (RulesCommand.IsInvocation(args))
{
    return RulesCommand.Run(args, Console.Out, Console.Error);
}

StartupFailure.ReportUnhandledExceptions(Console.Error);
await using var demo = DemoMode.IsRequested(args) ? await DemoMode.StartAsync(Directory.GetCurrentDirectory()) : null;
var builder = WebApplication.CreateBuilder(DemoMode.WithoutFlag(args));
demo?.Apply(builder);
builder.UseLatchkeySerilog();
builder.Services
    .AddLatchkeyHosting()
    .AddLatchkeyStores(builder.Configuration)
    .AddLatchkeyConfig(builder.Configuration)
    .AddLatchkeyAudit(builder.Configuration)
    .AddLatchkeySessions(builder.Configuration)
    .AddLatchkeyAuthentication(builder.Configuration)
    .AddLatchkeyUiSignIn(builder.Configuration)
    .AddLatchkeyApprovals()
    .AddLatchkeyRateLimiting()
    .AddLatchkeyForwarding()
    .AddLatchkeyConnections()
    .AddLatchkeyMcp()
    .AddLatchkeyOpenApi()
    .AddLatchkeyTelemetry(builder.Configuration);

var app = builder.Build();
app.UseLatchkeyRequestGate();
app.UseLatchkeyDataPlane();
app.UseLatchkeyPrometheus();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapLatchkeyHealth();
app.MapLatchkeySessions();
app.MapLatchkeyApprovals();
app.MapLatchkeyRules();
app.MapLatchkeyOpenApi();
app.MapLatchkeyApprovalsPage();
app.MapLatchkeyUiSignIn();
app.MapLatchkeyConnections();
app.MapLatchkeyMcp();
app.MapLatchkeyReservedFallbacks();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
