namespace Latchkey.Credentials;

/// <summary>A flow just bound to a browser, and the provider's authorize URL that browser is sent to.</summary>
public sealed record ConnectBinding(ConnectFlow Flow, string ProviderAuthorizeUrl);
