using Latchkey.Admin;
using Latchkey.Audit;
using Latchkey.Config;
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
    .AddLatchkeyForwarding();

var app = builder.Build();
app.UseLatchkeyRequestGate();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapLatchkeyHealth();
app.MapLatchkeySessions();
app.MapLatchkeyDataPlane();
app.Run();

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
