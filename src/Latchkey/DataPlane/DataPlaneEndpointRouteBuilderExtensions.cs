using Latchkey.Hosting;

namespace Latchkey.DataPlane;

/// <summary>Maps the answers for paths under Latchkey's own reserved segments that name no endpoint.</summary>
public static class DataPlaneEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapLatchkeyReservedFallbacks(this IEndpointRouteBuilder endpoints)
    {
        // Only requests under a reserved first segment reach routing (provider requests branch off
        // before it, see UseLatchkeyDataPlane); an unknown management path is a plain JSON 404.
        foreach (var reserved in ReservedSegments.All)
        {
            endpoints.Map($"/{reserved}/{{**rest}}", NotFoundAsync);
        }

        return endpoints;
    }

    private static Task NotFoundAsync(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such endpoint.");
}
