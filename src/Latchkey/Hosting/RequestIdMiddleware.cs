using Microsoft.AspNetCore.Http.Features;

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
        // response can never replace ours. The context is the state (the id is on its outcome
        // feature): a tuple would be one more allocation per request.
        context.Response.OnStarting(SetHeader, context);
        return _next(context);
    }

    private static Task SetHeader(object state)
    {
        var context = (HttpContext)state;
        context.Response.Headers[HeaderName] = context.Features.GetRequiredFeature<RequestOutcomeFeature>().RequestId;
        return Task.CompletedTask;
    }
}
