namespace Latchkey.Credentials;

/// <summary>Identifies one user's connection to one provider, always within a tenant.</summary>
public readonly record struct ConnectionKey(string Tenant, string UserId, string Provider);
