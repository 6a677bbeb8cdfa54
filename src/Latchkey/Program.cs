using Latchkey.Admin;
using Latchkey.Approvals;
using Latchkey.Audit;
using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.Forwarding;
using Latchkey.Hosting;
using Latchkey.Sessions;

var builder = WebApplication.CreateBuilder(args);
builder.UseLatchkeySerilog();
builder.Services
    .AddLatchkeyHosting()
    .AddLatchkeyConfig(builder.Configuration)
    .AddLatchkeyAudit(builder.Configuration)
    .AddLatchkeySessions(builder.Configuration)
    .AddLatchkeyAuthentication(builder.Configuration)
    .AddLatchkeyApprovals()
    .AddLatchkeyForwarding()
    .AddLatchkeyConnections();

var app = builder.Build();
app.UseLatchkeyRequestGate();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapLatchkeyHealth();
app.MapLatchkeySessions();
app.MapLatchkeyApprovals();
app.MapLatchkeyConnections();
app.MapLatchkeyDataPlane();
app.Run();

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
