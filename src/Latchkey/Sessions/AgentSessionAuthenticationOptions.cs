using Microsoft.AspNetCore.Authentication;

namespace Latchkey.Sessions;

/// <summary>Options of the AgentSession scheme; the realm sent in <c>WWW-Authenticate</c>.</summary>
public sealed class AgentSessionAuthenticationOptions : AuthenticationSchemeOptions
{
    public string Realm { get; set; } = "latchkey";
}
