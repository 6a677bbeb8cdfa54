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

        // The approvals page's forms; tokens are protected by the same Data Protection key ring.
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "latchkey_ui_af";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.Path = Admin.ApprovalsPage.BasePath;
        });
        return services;
    }
}
