using Latchkey.Hosting;

namespace Latchkey.Forwarding;

/// <summary>The middleware that runs before routing, in the order the contract needs.</summary>
public static class DataPlaneApplicationBuilderExtensions
{
    public static IApplicationBuilder UseLatchkeyRequestGate(this IApplicationBuilder app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<DataPlaneAuditMiddleware>();
        app.UseMiddleware<UnhandledExceptionMiddleware>();
        app.UseMiddleware<RequestTargetMiddleware>();
        return app;
    }
}
