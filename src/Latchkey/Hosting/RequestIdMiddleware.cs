namespace Latchkey.Hosting;

/// <summary>
/// Gives every request a fresh id, sent back as <c>Latchkey-Request-Id</c> on every response.
/// A client-supplied id is never trusted: audit records must not be forgeable.
/// </summary>
internal sealed class RequestIdMiddleware
{
    public const string HeaderName = "Latchkey-Request-Id";

    private readonly RequestDelegate _next;

    public RequestIdMiddleware(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        var outcome = new RequestOutcomeFeature(RequestIds.Next());
        context.Features.Set(outcome);

        // ASP.NET puts TraceIdentifier in every log scope as RequestId: make it ours, so
        // application logs and audit events of one request share one id.
        context.TraceIdentifier = outcome.RequestId;

        // Set when the headers go out, so a header of the same name copied from an upstream
        // response can never replace ours.
        context.Response.OnStarting(static state =>
        {
            var (ctx, id) = ((HttpContext, string))state;
            ctx.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        }, (context, outcome.RequestId));
        return _next(context);
    }
}
