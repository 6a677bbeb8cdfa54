using Latchkey.Hosting;
using Latchkey.Tests.Config;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.Hosting;

public sealed class UnhandledExceptionMiddlewareTests
{
    private const string Secret = "lk_planted-secret-in-an-exception-message";

    [Fact]
    public async Task Failure_is_logged_with_its_frames_and_inner_types_but_never_its_message()
    {
        using var logs = new ListLoggerProvider();
        var middleware = new UnhandledExceptionMiddleware(
            _ => ThrowNested(), logs.CreateLogger<UnhandledExceptionMiddleware>());
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await middleware.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        var (_, _, message) = Assert.Single(logs.Events, e => e.EventId.Id == 4099);
        Assert.Contains(typeof(InvalidOperationException).FullName!, message, StringComparison.Ordinal);
        Assert.Contains(typeof(FormatException).FullName!, message, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowNested), message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        Assert.DoesNotContain(Secret, await new StreamReader(context.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
    }

    private static Task ThrowNested()
    {
        try
        {
            throw new FormatException("inner " + Secret);
        }
        catch (FormatException inner)
        {
            throw new InvalidOperationException("outer https://example.invalid/?token=" + Secret, inner);
        }
    }
}
