using System.Globalization;
using ModelContextProtocol;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Latchkey.Audit;

/// <summary>
/// Configures Serilog for the host: structured JSON to the console (readable lines in
/// Development), application events to Seq,
/// and levels that keep URLs with query strings (which the contract forbids in logs) out.
/// </summary>
public static class SerilogHostSetup
{
    /// <summary>
    /// Categories that log full request URLs (query strings included) at Information: ASP.NET's
    /// request start/finish, routing, Kestrel, YARP's "Proxying to ..." and HttpClient's request logs.
    /// </summary>
    /// <summary>The official MCP SDK's loggers (<c>ModelContextProtocol.Server.McpServer</c>, ...).</summary>
    internal const string McpSdkCategory = "ModelContextProtocol";

    internal static readonly string[] UrlLoggingCategories =
    [
        "System.Net.Http.HttpClient",
        "Yarp",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Server.Kestrel",
    ];

    /// <summary>
    /// ASP.NET's hosting diagnostics: it logs only the request start/finish lines (URLs, so never
    /// wanted here), but while any level of it is enabled the host also starts an
    /// <c>Activity</c> and a logging scope for every request, and HttpClient then writes trace
    /// headers upstream. Switched off entirely, that per-request work is gone (bench/README.md);
    /// Latchkey's own events carry the request id where it matters, and the audit event is the
    /// per-request record.
    /// </summary>
    internal const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// The OIDC handler behind "Sign in with your organisation": its Information and Error lines
    /// quote what arrived on the callback URL (the IdP's <c>error_description</c> and
    /// <c>error_uri</c>, text anyone can put in a link) and the messages of the exceptions it
    /// raises. Every outcome of a sign-in is already one <c>ui.signin</c> audit event with a
    /// reason code and one <c>UiSignInFailed</c>/<c>UiSignedIn</c> event of Latchkey's own.
    /// </summary>
    internal const string OidcHandlerCategory = "Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectHandler";

    /// <summary>The MCP SDK's event for a request whose method it has no handler for.</summary>
    internal const string McpNoHandlerEvent = "LogNoHandlerFoundForRequest";

    /// <summary>The Development console line: time, level, category, message, exception.</summary>
    internal const string ReadableConsoleTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static WebApplicationBuilder UseLatchkeySerilog(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var readableConsole = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog(logger =>
        {
            // Read directly (not IOptions) so logging works even before AddLatchkeyAudit's validation runs.
            var seq = new SeqOptions();
            configuration.GetSection(SeqOptions.SectionName).Bind(seq);
            Configure(logger, configuration, seq.IsEnabled
                ? sinks => sinks.Seq(seq.ServerUrl!, apiKey: string.IsNullOrEmpty(seq.ApiKey) ? null : seq.ApiKey)
                : null);
            if (readableConsole)
            {
                // dotnet run (Development): one readable line per event; CLEF JSON everywhere else.
                logger.WriteTo.Console(outputTemplate: ReadableConsoleTemplate, formatProvider: CultureInfo.InvariantCulture);
            }
            else
            {
                logger.WriteTo.Console(new CompactJsonFormatter());
            }
        },
        // This host's own logger, not the process-wide static one: two hosts in one process
        // (tests, or an embedding app) must never write into each other's sinks.
        preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// Levels, enrichment, the optional <c>Serilog</c> config section and the application-event
    /// sink (Seq in the host). Audit events are excluded from that sink: they reach Seq through
    /// the durable shipper, and sending them here too would duplicate every one.
    /// </summary>
    internal static LoggerConfiguration Configure(
        LoggerConfiguration logger,
        IConfiguration configuration,
        Action<LoggerSinkConfiguration>? applicationSink)
    {
        logger.MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Information)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information);
        foreach (var category in UrlLoggingCategories)
        {
            logger.MinimumLevel.Override(category, LogEventLevel.Warning);
        }

        logger.MinimumLevel.Override(HostingDiagnosticsCategory, LevelAlias.Off);
        logger.MinimumLevel.Override(OidcHandlerCategory, LevelAlias.Off);

        // The MCP SDK logs three Information lines for every tools/call; each call already has its
        // audit event (with Tool and ArgumentsHash), so only its warnings and errors are kept.
        logger.MinimumLevel.Override(McpSdkCategory, LogEventLevel.Warning);
        logger.Filter.ByExcluding(IsMcpClientError);

        // Last, so an operator's "Serilog" section (levels, extra sinks) wins over the defaults.
        if (configuration.GetSection("Serilog").Exists())
        {
            logger.ReadFrom.Configuration(configuration);
        }

        logger.Enrich.FromLogContext();
        if (applicationSink is not null)
        {
            logger.WriteTo.Logger(sub => applicationSink(sub.Filter.ByExcluding(IsAuditEvent).WriteTo));
        }

        return logger;
    }

    /// <summary>
    /// What the MCP SDK logs about a client's mistake: a JSON-RPC method it has no handler for
    /// (the line quotes the method the client sent), and the <see cref="McpProtocolException"/>
    /// Latchkey's handlers throw to answer a bad call with a JSON-RPC error (an Error line with a
    /// stack trace whose message may quote an argument the schema refused). Each such call is
    /// answered, and a refused tool call is audited and logged by Latchkey itself without values.
    /// </summary>
    internal static bool IsMcpClientError(LogEvent logEvent) =>
        SourceOf(logEvent) is { } source
        && source.StartsWith(McpSdkCategory, StringComparison.Ordinal)
        && (logEvent.Exception is McpProtocolException || EventNameOf(logEvent) == McpNoHandlerEvent);

    internal static bool IsAuditEvent(LogEvent logEvent) =>
        string.Equals(SourceOf(logEvent), AuditTrail.CategoryName, StringComparison.Ordinal);

    private static string? SourceOf(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string name } ? name : null;

    // Microsoft.Extensions.Logging's EventId reaches Serilog as a structure { Id, Name }.
    private static string? EventNameOf(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var id) && id is StructureValue structure
        && structure.Properties.FirstOrDefault(p => p.Name == "Name")?.Value is ScalarValue { Value: string name }
            ? name
            : null;
}
