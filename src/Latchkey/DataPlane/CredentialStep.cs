using Latchkey.Credentials;
using Latchkey.Hosting;
using Latchkey.Providers;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.DataPlane;

/// <summary>
/// Obtains the real credential for an allowed request and formats it for the provider's
/// header; the request transform injects it. Nothing is forwarded without one.
/// </summary>
internal sealed class CredentialStep
{
    private readonly RequestDelegate _next;
    private readonly CredentialResolver _resolver;
    private readonly PublicUrl _publicUrl;
    private readonly ConnectFlowService _connectFlows;

    public CredentialStep(RequestDelegate next, CredentialResolver resolver, PublicUrl publicUrl, ConnectFlowService connectFlows)
    {
        _next = next;
        _resolver = resolver;
        _publicUrl = publicUrl;
        _connectFlows = connectFlows;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var agentRequest = context.Features.GetRequiredFeature<AgentRequestFeature>();
        var session = agentRequest.Session!;
        var provider = agentRequest.ProviderDefinition!;
        var mode = agentRequest.CredentialMode!.Value;

        var resolving = _resolver.ResolveAsync(
            new ConnectionKey(session.Tenant, session.UserId, provider.Name), provider, mode, context.RequestAborted);

        // A cached credential resolves synchronously: forward without an async frame of this step's own.
        if (!resolving.IsCompletedSuccessfully)
        {
            return CompleteAsync(context, agentRequest, session, provider, resolving);
        }

        var result = resolving.Result;
        return result is CredentialResult.Issued issued
            ? Forward(context, agentRequest, provider, issued)
            : CompleteAsync(context, agentRequest, session, provider, ValueTask.FromResult(result));
    }

    private Task Forward(HttpContext context, AgentRequestFeature agentRequest, ProviderDefinition provider, CredentialResult.Issued issued)
    {
        agentRequest.Credential = issued.Token.RenderedFor(provider.Inject);
        agentRequest.UpstreamOverride = issued.Upstream;
        agentRequest.Forwarded = true;
        return _next(context);
    }

    private async Task CompleteAsync(
        HttpContext context,
        AgentRequestFeature agentRequest,
        SessionRecord session,
        ProviderDefinition provider,
        ValueTask<CredentialResult> resolving)
    {
        switch (await resolving)
        {
            case CredentialResult.Issued issued:
                await Forward(context, agentRequest, provider, issued);
                return;

            case CredentialResult.ConnectionRequired:
                // A live link for this session's user: its page names the user and tenant, and only the
                // browser that continues from it can finish the flow (docs/security.md).
                var flow = await _connectFlows.StartAsync(session.Tenant, session.UserId, provider, scopes: null, context.RequestAborted);
                await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.ConnectionRequired,
                    "The user has not connected this provider, or the connection must be renewed.",
                    new Dictionary<string, object?>
                    {
                        ["provider"] = provider.Name,
                        ["authorize_url"] = flow?.AuthorizeUrl ?? _publicUrl.ConnectUrlFor(provider.Name),
                    });
                return;

            case CredentialResult.StoreUnavailable:
                await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable,
                    "The token store is unavailable; nothing is forwarded without a valid credential.");
                return;

            default:
                await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.CredentialUnavailable,
                    "The credential could not be obtained from the provider; try again shortly.");
                return;
        }
    }
}
