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

    /// <summary>A JSON body the handler reads itself (unknown members are refused).</summary>
    public static RouteHandlerBuilder Reads<T>(this RouteHandlerBuilder builder, bool optional = false)
        where T : notnull =>
        builder.Accepts<T>(optional, "application/json");
}
