using Latchkey.Stores.InMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latchkey.Approvals;

/// <summary>Registers the approval gate's store and settings.</summary>
public static class ApprovalServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyApprovals(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<ApprovalOptions, ApprovalOptionsValidator>()
            .BindConfiguration("Latchkey:Approvals");
        services.TryAddSingleton<IApprovalStore, InMemoryApprovalStore>();
        services.TryAddSingleton<ApprovalService>();
        return services;
    }
}
