using Latchkey.Sessions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Protocol;

namespace Latchkey.Mcp;

/// <summary>Registers and maps Latchkey's MCP server (<c>/mcp</c>, Streamable HTTP, docs/mcp.md).</summary>
public static class McpServiceCollectionExtensions
{
    public const string Route = "/mcp";

    /// <summary>
    /// Adds the MCP server (official C# SDK), stateless so any instance can answer any request,
    /// with tools from the config snapshot's tools.yaml. Needs the data plane's services
    /// (<c>AddLatchkeyDataPlane</c> and the parts it uses).
    /// </summary>
    public static IServiceCollection AddLatchkeyMcp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<McpOptions, McpOptionsValidator>().BindConfiguration(McpOptions.SectionName);
        services.TryAddScoped<McpEndpointRequest>();
        services.TryAddSingleton<ToolPipeline>();
        services.TryAddSingleton<ToolCallRunner>();
        services.TryAddSingleton<InvalidArgumentsAudit>();
        services.TryAddSingleton<McpToolHandlers>();
        services.TryAddSingleton<ApprovalWaiter>();
        services.TryAddSingleton<Remote.RemoteToolApprovals>();
        services.AddMcpServer(options => options.ServerInfo = new Implementation { Name = "latchkey", Version = "1.0.0" })
            .WithHttpTransport(options =>
            {
                options.Stateless = true;
                options.ConfigureSessionOptions = McpEndpointRequest.Remember;
            })
            .WithListToolsHandler((request, _) => ValueTask.FromResult(request.Services!.GetRequiredService<McpToolHandlers>().List(request.Services!)))
            .WithCallToolHandler((request, cancellationToken) => request.Services!.GetRequiredService<McpToolHandlers>().CallAsync(request, cancellationToken));
        return services;
    }

    /// <summary>Maps <c>/mcp</c> for agents: the session token as bearer, exactly as on the data plane.</summary>
    public static IEndpointRouteBuilder MapLatchkeyMcp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMcp(Route).RequireAuthorization(AgentSessionDefaults.PolicyName);
        return endpoints;
    }
}
