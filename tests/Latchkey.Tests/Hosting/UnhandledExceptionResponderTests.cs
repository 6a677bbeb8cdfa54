using Latchkey.Hosting;
using Latchkey.Tests.Config;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.Tests.Hosting;

public sealed class UnhandledExceptionResponderTests
{
    private const string Secret = "lk_planted-secret-in-an-exception-message";

    [Fact]
    public async Task Failure_is_logged_with_its_frames_and_inner_types_but_never_its_message()
    {
        using var logs = new ListLoggerProvider();
        var responder = new UnhandledExceptionResponder(logs.CreateLogger<UnhandledExceptionResponder>());
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await responder.RespondAsync(context, Assert.Throws<InvalidOperationException>(ThrowNested));

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        var (_, _, message) = Assert.Single(logs.Events, e => e.EventId.Id == 4099);
        Assert.Contains(typeof(InvalidOperationException).FullName!, message, StringComparison.Ordinal);
        Assert.Contains(typeof(FormatException).FullName!, message, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowNested), message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        Assert.DoesNotContain(Secret, await new StreamReader(context.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_already_started_is_aborted_instead_of_answered_twice()
    {
        using var logs = new ListLoggerProvider();
        var responder = new UnhandledExceptionResponder(logs.CreateLogger<UnhandledExceptionResponder>());
        var context = new DefaultHttpContext();
        var lifetime = new AbortRecordingLifetime();
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        context.Features.Set<IHttpResponseFeature>(new StartedResponse());

        await responder.RespondAsync(context, new InvalidOperationException());

        Assert.True(lifetime.Aborted);
        Assert.Single(logs.Events, e => e.EventId.Id == 4099);
    }

    [Fact]
    public void An_exception_after_the_client_left_is_not_answered()
    {
        using var left = new CancellationTokenSource();
        var context = new DefaultHttpContext { RequestAborted = left.Token };
        Assert.False(UnhandledExceptionResponder.IsClientGone(context, new InvalidOperationException()));

        left.Cancel();

        Assert.True(UnhandledExceptionResponder.IsClientGone(context, new InvalidOperationException()));
    }

    [Fact]
    public void A_reset_seen_before_kestrel_signals_the_abort_is_the_client_leaving()
    {
        var context = new DefaultHttpContext();

        Assert.True(UnhandledExceptionResponder.IsClientGone(context, new Microsoft.AspNetCore.Connections.ConnectionResetException("reset")));
        Assert.True(UnhandledExceptionResponder.IsClientGone(context, new IOException("read", new Microsoft.AspNetCore.Connections.ConnectionResetException("reset"))));
    }

    private static void ThrowNested()
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

    private sealed class AbortRecordingLifetime : IHttpRequestLifetimeFeature
    {
        public bool Aborted { get; private set; }

        public CancellationToken RequestAborted { get; set; }

        public void Abort() => Aborted = true;
    }

    private sealed class StartedResponse : HttpResponseFeature
    {
        public override bool HasStarted => true;
    }
}
