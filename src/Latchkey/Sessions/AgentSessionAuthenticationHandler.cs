using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Latchkey.Sessions;

/// <summary>
/// The <c>AgentSession</c> scheme, for the management endpoints an agent may call with its own
/// session token (e.g. reading its approval): turns the token into a principal and an
/// <see cref="AgentSessionFeature"/>. The data plane reads sessions through the same
/// <see cref="AgentSessionResolver"/> directly (see <c>SessionAuthenticationStep</c>).
/// </summary>
internal sealed class AgentSessionAuthenticationHandler : AuthenticationHandler<AgentSessionAuthenticationOptions>
{
    private readonly AgentSessionResolver _resolver;
    private SessionResolutionFailure _failure;

    public AgentSessionAuthenticationHandler(
        IOptionsMonitor<AgentSessionAuthenticationOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        AgentSessionResolver resolver)
        : base(options, logger, encoder)
    {
        _resolver = resolver;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var resolution = await _resolver.ResolveAsync(Request, Context.RequestAborted);
        _failure = resolution.Failure;
        if (resolution.Session is not { } session)
        {
            return resolution.Failure == SessionResolutionFailure.NoCredential
                ? AuthenticateResult.NoResult()
                : AuthenticateResult.Fail("No usable agent session: " + resolution.Failure);
        }

        Context.Features.Set(new AgentSessionFeature(session));
        return AuthenticateResult.Success(new AuthenticationTicket(CreatePrincipal(session), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AgentSessionChallenge.WriteAsync(Context, _failure, Options.Realm);

    private ClaimsPrincipal CreatePrincipal(SessionRecord session)
    {
        var claims = new List<Claim>(4 + session.Scopes.Count)
        {
            new(AgentSessionClaimTypes.Subject, session.UserId),
            new(AgentSessionClaimTypes.Tenant, session.Tenant),
            new(AgentSessionClaimTypes.AgentId, session.AgentId),
            new(AgentSessionClaimTypes.SessionId, session.Id),
        };
        claims.AddRange(session.Scopes.Select(s => new Claim(AgentSessionClaimTypes.Scope, s)));
        var identity = new ClaimsIdentity(claims, Scheme.Name, AgentSessionClaimTypes.Subject, roleType: null);
        return new ClaimsPrincipal(identity);
    }
}
