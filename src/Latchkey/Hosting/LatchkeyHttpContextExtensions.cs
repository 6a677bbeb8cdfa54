namespace Latchkey.Hosting;

/// <summary>Typed access to per-request state shared by the pipeline steps.</summary>
public static class LatchkeyHttpContextExtensions
{
    /// <summary>The request id sent back as <c>Latchkey-Request-Id</c> and written to audit.</summary>
    public static string GetRequestId(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<RequestOutcomeFeature>()?.RequestId ?? context.TraceIdentifier;
    }
}
