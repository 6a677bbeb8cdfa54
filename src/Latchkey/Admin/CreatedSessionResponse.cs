namespace Latchkey.Admin;

/// <summary>Answer of <c>POST /v1/sessions</c>; the only place the plaintext token is ever shown.</summary>
internal sealed record CreatedSessionResponse(
    string Id,
    string Token,
    string Tenant,
    string UserId,
    string AgentId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"CreatedSessionResponse {{ Id = {Id}, Token = *** }}";
}
