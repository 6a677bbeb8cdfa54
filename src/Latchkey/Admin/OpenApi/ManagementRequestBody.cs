namespace Latchkey.Admin.OpenApi;

/// <summary>The JSON body a management endpoint reads, for the OpenAPI document only (routing ignores it).</summary>
internal sealed record ManagementRequestBody(Type Type, bool Optional);
