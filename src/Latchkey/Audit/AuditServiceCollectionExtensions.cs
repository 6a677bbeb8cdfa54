using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Latchkey.Audit;

/// <summary>Registers the audit trail, its durable buffer and the Seq shipper.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>The Seq client's timeout: a hung Seq must not hold a batch for long.</summary>
    public static readonly TimeSpan SeqTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Adds <see cref="AuditOptions"/> and <see cref="SeqOptions"/> (validated at start), the durable
    /// buffer, <see cref="IAuditTrail"/>, the "seq" HttpClient and the shipper hosted service.
    /// </summary>
    public static IServiceCollection AddLatchkeyAudit(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<AuditOptions, AuditOptionsValidator>()
            .Bind(configuration.GetSection(AuditOptions.SectionName));
        services.AddOptionsWithValidateOnStart<SeqOptions, SeqOptionsValidator>()
            .Bind(configuration.GetSection(SeqOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<AuditOptions>>().Value;
            var environment = provider.GetRequiredService<IHostEnvironment>();
            return new DurableAuditBuffer(
                options.ResolveBufferPath(environment.ContentRootPath),
                options.SegmentBytes,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<DurableAuditBuffer>>(),
                options.MaxBufferBytes);
        });
        services.TryAddSingleton<IAuditConsole, AuditConsoleWriter>();
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<IAuditTrail>(static provider => provider.GetRequiredService<AuditTrail>());
        services.AddHttpClient(SeqIngestClient.HttpClientName, static client => client.Timeout = SeqTimeout);

        // Before the server accepts requests: complete what a killed process left forwarded but unfinished.
        services.AddHostedService<InterruptedRequestRecovery>();
        services.AddHostedService<RejectedConnectionAudit>();

        // The shipper depends on the buffer, so starting the host opens the buffer and takes its
        // instance lock: a second instance on the same folder fails at start, not at first request.
        services.AddHostedService<SeqShipper>();
        services.TryAddSingleton<Telemetry.AuditShippingLag>();
        return services;
    }
}
