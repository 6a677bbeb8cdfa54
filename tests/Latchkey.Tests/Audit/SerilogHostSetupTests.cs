using Latchkey.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using Serilog;

namespace Latchkey.Tests.Audit;

public sealed class SerilogHostSetupTests
{
    [Fact]
    public void Audit_events_are_kept_out_of_the_application_sink_but_not_out_of_the_console()
    {
        var (all, application) = Run(new Dictionary<string, string?>());

        Assert.Contains(AuditTrail.CategoryName, all.Sources);
        Assert.DoesNotContain(AuditTrail.CategoryName, application.Sources);
        Assert.Contains("Latchkey.Audit.SeqShipper", application.Sources);
        Assert.Contains("Latchkey.Sessions.SessionStore", application.Sources);
    }

    [Theory]
    [InlineData("Yarp.ReverseProxy.Forwarder.HttpForwarder")]
    [InlineData("System.Net.Http.HttpClient.seq.LogicalHandler")]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware")]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel")]
    public void Url_logging_categories_are_silent_below_warning(string category)
    {
        var (all, _) = Run(new Dictionary<string, string?>(), category);

        Assert.DoesNotContain(all.Events, e => e.Level < Serilog.Events.LogEventLevel.Warning && Source(e) == category);
        Assert.Contains(all.Events, e => e.Level == Serilog.Events.LogEventLevel.Warning && Source(e) == category);
    }

    [Fact]
    public void Mcp_sdk_per_call_information_is_dropped_and_its_warnings_kept()
    {
        const string category = "ModelContextProtocol.Server.McpServer";
        var (all, _) = Run(new Dictionary<string, string?>(), category);

        Assert.DoesNotContain(all.Events, e => e.Level < Serilog.Events.LogEventLevel.Warning && Source(e) == category);
        Assert.Contains(all.Events, e => e.Level == Serilog.Events.LogEventLevel.Warning && Source(e) == category);
    }

    [Fact]
    public void Mcp_sdk_lines_about_a_clients_mistake_are_dropped_and_its_other_warnings_kept()
    {
        const string category = "ModelContextProtocol.Server.McpServer";
        var all = new CollectingSink();
        using var logger = SerilogHostSetup.Configure(new LoggerConfiguration(), new ConfigurationBuilder().Build(), applicationSink: null)
            .WriteTo.Sink(all).CreateLogger();
        var sdk = logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, category);

        sdk.Error(new McpProtocolException("Invalid argument '/per_page': maximum: 4707139911", McpErrorCode.InvalidParams),
            "\"{ToolName}\" threw an unhandled exception.", "github_list_issues");
        sdk.ForContext("EventId", new { Id = 1, Name = SerilogHostSetup.McpNoHandlerEvent }, destructureObjects: true)
            .Warning("{EndpointName} received request for method '{Method}', but no handler is available.", "Server", "planted/method");
        sdk.Warning(new IOException("the transport broke"), "a transport problem");

        var kept = Assert.Single(all.Events, e => Source(e) == category);
        Assert.IsType<IOException>(kept.Exception);
    }

    [Fact]
    public void Hosting_diagnostics_are_off_at_every_level()
    {
        var (all, _) = Run(new Dictionary<string, string?>(), SerilogHostSetup.HostingDiagnosticsCategory);

        Assert.DoesNotContain(all.Events, e => Source(e) == SerilogHostSetup.HostingDiagnosticsCategory);
    }

    [Fact]
    public void Host_starts_no_activity_or_log_scope_per_request()
    {
        // ASP.NET starts both whenever its hosting logger is enabled at any level (Critical).
        var builder = WebApplication.CreateBuilder();
        builder.UseLatchkeySerilog();
        using var app = builder.Build();

        var hosting = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(SerilogHostSetup.HostingDiagnosticsCategory);

        Assert.False(hosting.IsEnabled(LogLevel.Critical));
    }

    [Fact]
    public void Serilog_config_section_overrides_the_defaults()
    {
        var (all, _) = Run(
            new Dictionary<string, string?> { ["Serilog:MinimumLevel:Override:Yarp"] = "Information" },
            "Yarp.ReverseProxy.Forwarder.HttpForwarder");

        Assert.Contains(all.Events, e => e.Level == Serilog.Events.LogEventLevel.Information && Source(e) == "Yarp.ReverseProxy.Forwarder.HttpForwarder");
    }

    [Fact]
    public void Host_builder_accepts_the_setup()
    {
        var builder = WebApplication.CreateBuilder();
        builder.UseLatchkeySerilog();
        using var app = builder.Build();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Latchkey.Test");

        Assert.True(logger.IsEnabled(LogLevel.Information));
        Assert.False(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Yarp.ReverseProxy").IsEnabled(LogLevel.Information));
    }

    private static (CollectingSink All, CollectingSink Application) Run(Dictionary<string, string?> settings, params string[] extraCategories)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var all = new CollectingSink();
        var application = new CollectingSink();
        var configured = SerilogHostSetup.Configure(new LoggerConfiguration(), configuration, sinks => sinks.Sink(application));
        using var logger = configured.WriteTo.Sink(all).CreateLogger();
        foreach (var category in new[] { AuditTrail.CategoryName, "Latchkey.Audit.SeqShipper", "Latchkey.Sessions.SessionStore" }.Concat(extraCategories))
        {
            var contextual = logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, category);
            contextual.Information("info from {Category}", category);
            contextual.Warning("warning from {Category}", category);
        }

        return (all, application);
    }

    private static string? Source(Serilog.Events.LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var v) ? ((Serilog.Events.ScalarValue)v).Value as string : null;
}
