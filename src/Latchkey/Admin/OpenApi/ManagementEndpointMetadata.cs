namespace Latchkey.Admin.OpenApi;

/// <summary>What a management endpoint answers, for the OpenAPI document: handlers write their own responses, so they say it here.</summary>
internal static class ManagementEndpointMetadata
{
    /// <summary>The error statuses the endpoint answers with the contract's error body.</summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces(status);
        }

        return builder;
    }

    /// <summary>
    /// A JSON body the handler reads itself (unknown members are refused). Documentation only: not
    /// <c>Accepts</c>, whose metadata routing also matches on, so a request without a JSON
    /// Content-Type would fall through to the reserved 404 instead of reaching the handler's own answer.
    /// </summary>
    public static RouteHandlerBuilder Reads<T>(this RouteHandlerBuilder builder, bool optional = false)
        where T : notnull =>
        builder.WithMetadata(new ManagementRequestBody(typeof(T), optional));
}
