using Latchkey.Stores.InMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latchkey.Approvals;

/// <summary>Registers the approvals part: its settings, the in-memory store unless Stores chose Redis, <see cref="ApprovalService"/> and <see cref="ToolCallApprovals"/>.</summary>
public static class ApprovalServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyApprovals(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<ApprovalOptions, ApprovalOptionsValidator>()
            .BindConfiguration(ApprovalOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IApprovalStore, InMemoryApprovalStore>();
        services.TryAddSingleton<ApprovalService>();
        services.TryAddSingleton<ToolCallApprovals>();
        return services;
    }
}
