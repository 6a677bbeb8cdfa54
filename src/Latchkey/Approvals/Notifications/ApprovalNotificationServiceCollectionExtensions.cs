using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latchkey.Approvals.Notifications;

/// <summary>
/// Registers approval notifications: settings, the channels, the queue and its dispatcher, and
/// the Slack callback endpoint. With no channel configured the notifier does nothing and the
/// dispatcher exits at start.
/// </summary>
public static class ApprovalNotificationServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyApprovalNotifications(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<ApprovalNotificationOptions, ApprovalNotificationOptionsValidator>()
            .BindConfiguration(ApprovalNotificationOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, WebhookChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, SlackChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, TeamsChannel>());
        services.TryAddSingleton<NotificationQueue>();
        services.TryAddSingleton<NotificationAudit>();
        services.TryAddSingleton<IApprovalNotifier, ApprovalNotifier>();
        services.TryAddSingleton<SlackSignatureVerifier>();

        // Receivers are called by the proxy itself: never follow a redirect (it could carry the
        // signed body or the bot token elsewhere) and never keep cookies. Each attempt has its own
        // timeout (AttemptTimeout), on the injected TimeProvider.
        services.AddHttpClient(NotificationDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers(); // the factory's loggers write request URLs, and webhook URLs are secrets
        services.AddHostedService<NotificationDispatcher>();
        return services;
    }

    /// <summary>Maps Slack's interactivity callback, <c>POST /v1/approvals/slack/actions</c>.</summary>
    public static IEndpointRouteBuilder MapLatchkeyApprovalNotifications(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapSlackActions();
    }
}
