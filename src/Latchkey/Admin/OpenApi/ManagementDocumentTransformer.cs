using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Latchkey.Admin.OpenApi;

/// <summary>
/// The document's fixed parts: title and description, the two bearer schemes, the contract's error
/// body, and no <c>servers</c> (the generator would copy the request's Host, so the document would
/// differ per caller and from docs/openapi.json).
/// </summary>
internal sealed class ManagementDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string ManagementScheme = "management";
    public const string AgentSessionScheme = "agentSession";
    public const string ErrorSchema = "Error";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "Latchkey management API",
            Version = ManagementOpenApi.DocumentName,
            Description = "Sessions, connections, approvals and rules of one tenant (docs/contract.md §4). "
                + "Every call needs a management JWT (the tenant and roles claims decide what it may do); "
                + "GET /v1/approvals/{id} also takes the agent's own session token. Errors are "
                + "{\"error\": code, \"message\", \"request_id\"} with a Latchkey-Error header.",
        };
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[ManagementScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A management JWT from the authority in Latchkey:Admin:Authority (or signed with Admin:SigningKey).",
        };
        document.Components.SecuritySchemes[AgentSessionScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An agent session token (lk_...), for reading that session's own approvals.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[ErrorSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>(StringComparer.Ordinal) { "error", "message" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["error"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The error code, also in the Latchkey-Error header." },
                ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A fixed text for humans; never echoes input." },
                ["request_id"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The id in the audit stream." },
            },
        };
        return Task.CompletedTask;
    }
}
