using Latchkey.Hosting;

namespace Latchkey.Forwarding;

/// <summary>The answer for a first path segment that names no provider.</summary>
internal static class UnknownProviderEndpoint
{
    public static Task WriteAsync(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.UnknownProvider,
            "The first path segment names no configured provider.");
}
