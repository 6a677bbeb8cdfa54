using Microsoft.Extensions.Options;

namespace Latchkey.Admin;

/// <summary>Warns at start when no management token validation is configured (every /v1 call gets 401).</summary>
internal sealed partial class AdminConfigurationWarning : IHostedService
{
    private readonly IOptions<AdminOptions> _admin;
    private readonly ILogger<AdminConfigurationWarning> _logger;

    public AdminConfigurationWarning(IOptions<AdminOptions> admin, ILogger<AdminConfigurationWarning> logger)
    {
        _admin = admin;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_admin.Value.IsConfigured)
        {
            Log.ManagementAuthNotConfigured(_logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, EventName = "ManagementAuthNotConfigured", Level = LogLevel.Warning,
            Message = "Neither Latchkey:Admin:Authority nor Latchkey:Admin:SigningKey is set: every management API call will be refused with 401")]
        public static partial void ManagementAuthNotConfigured(ILogger logger);
    }
}
