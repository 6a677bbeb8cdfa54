namespace Latchkey.Credentials;

/// <summary>What the OAuth callback achieved; <see cref="Flow"/> is null when the state matched no live flow.</summary>
public sealed record ConnectCallbackResult(ConnectFlow? Flow, bool Succeeded, bool Transient = false);
