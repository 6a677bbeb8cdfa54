namespace Latchkey.Admin.OpenApi;

/// <summary>
/// The management API's OpenAPI document (ASP.NET Core's built-in generator), served at
/// <see cref="Path"/> without a token: it describes only the public <c>/v1</c> API, never the data
/// plane, the browser pages or anything of this instance's config, and equals docs/openapi.json.
/// </summary>
public static class ManagementOpenApi
{
    public const string DocumentName = "v1";
    public const string Path = "/v1/openapi.json";

    /// <summary>Registers the <c>v1</c> document: management endpoints only, with their auth and error shapes.</summary>
    public static IServiceCollection AddLatchkeyOpenApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => IsManagementApi(description.RelativePath);
            options.AddDocumentTransformer<ManagementDocumentTransformer>();
            options.AddOperationTransformer<ManagementOperationTransformer>();
            options.AddSchemaTransformer<ManagementSchemaTransformer>();
        });
        return services;
    }

    /// <summary>Maps <c>GET /v1/openapi.json</c>.</summary>
    public static IEndpointRouteBuilder MapLatchkeyOpenApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi(Path).AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// The JSON API under <c>/v1</c>: not the server-rendered pages under <c>/v1/ui</c> (HTML for
    /// browsers, described in docs/contract.md) and not catch-all fallbacks.
    /// </summary>
    public static bool IsManagementApi(string? relativePath) =>
        relativePath is not null
        && relativePath.StartsWith("v1/", StringComparison.Ordinal)
        && !relativePath.StartsWith(ApprovalsPage.BasePath[1..] + "/", StringComparison.Ordinal)
        && !relativePath.Contains("{**", StringComparison.Ordinal);
}
