namespace Latchkey.Admin;

/// <summary>Body of <c>POST /v1/connections/{provider}</c>; scopes default to the provider's configured ones.</summary>
internal sealed record StartConnectionRequest(IReadOnlyList<string>? Scopes);
