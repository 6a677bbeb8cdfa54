using Latchkey.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Latchkey.Admin.OpenApi;

/// <summary>
/// Per operation: the bearer scheme(s) its authorization policy accepts, and for each refusal the
/// endpoint declares (<see cref="ManagementEndpointMetadata.Refuses"/>) the contract's error body
/// and the codes that status carries in the management API.
/// </summary>
internal sealed class ManagementOperationTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> CodesByStatus = new(StringComparer.Ordinal)
    {
        ["400"] = $"{ErrorCodes.InvalidRequest}: the body, a query parameter or a field is not valid.",
        ["401"] = $"{ErrorCodes.Unauthorized}: no valid bearer token.",
        ["403"] = $"{ErrorCodes.Forbidden}: the caller's roles do not allow this.",
        ["404"] = $"{ErrorCodes.NotFound} (also for another tenant's or user's ids), or {ErrorCodes.UnknownProvider}.",
        ["409"] = $"{ErrorCodes.ApprovalDecided} (decided before) or {ErrorCodes.ApprovalExpired}.",
        ["502"] = $"{ErrorCodes.OAuthDiscoveryFailed}: the remote MCP server's OAuth metadata could not be read or was refused, or "
            + $"{ErrorCodes.OAuthRegistrationFailed}: no OAuth client could be registered with its authorization server; nothing was started.",
        ["503"] = $"{ErrorCodes.StoreUnavailable}, {ErrorCodes.AuditUnavailable} (nothing was changed) or {ErrorCodes.CredentialUnavailable}; retry later.",
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToHashSet(StringComparer.Ordinal);
        var schemes = new List<string>();
        if (policies.Contains(ManagementPolicies.Management) || policies.Contains(ManagementPolicies.ManagementOrAgent))
        {
            schemes.Add(ManagementDocumentTransformer.ManagementScheme);
        }

        if (policies.Contains(ManagementPolicies.ManagementOrAgent))
        {
            schemes.Add(ManagementDocumentTransformer.AgentSessionScheme);
        }

        operation.Security = [.. schemes.Select(scheme => new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [],
        })];

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (CodesByStatus.TryGetValue(status, out var codes) && response is OpenApiResponse error)
            {
                error.Description = codes;
                error.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(ManagementDocumentTransformer.ErrorSchema, context.Document) },
                };
            }
        }

        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ManagementRequestBody>().FirstOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !body.Optional,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/json"] = new() { Schema = await ComponentAsync(body.Type, context, cancellationToken) },
                },
            };
        }
    }

    // A named component, as the generator makes for response types, so a request body reads as
    // "$ref: CreateSessionRequest" rather than an inline copy.
    private static async Task<IOpenApiSchema> ComponentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
        {
            document.AddComponent<IOpenApiSchema>(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        return new OpenApiSchemaReference(type.Name, document);
    }
}
