using Latchkey;
using Latchkey.Audit;
using Latchkey.Cli;
using Latchkey.Demo;
using Latchkey.Hosting;

if (RulesCommand.IsInvocation(args))
{
    return RulesCommand.Run(args, Console.Out, Console.Error);
}

StartupFailure.ReportUnhandledExceptions(Console.Error);
await using var demo = DemoMode.IsRequested(args) ? await DemoMode.StartAsync(Directory.GetCurrentDirectory()) : null;
var builder = WebApplication.CreateBuilder(DemoMode.WithoutFlag(args));
demo?.Apply(builder);
builder.UseLatchkeySerilog();
builder.Services.AddLatchkey(builder.Configuration);

var app = builder.Build();
app.UseLatchkey();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
