namespace Latchkey.IntegrationTests.Sdks;

/// <summary>
/// One request a fake provider received: where it went, whether it carried the credential
/// Latchkey was meant to inject, and every place a session token (<c>lk_</c>) showed up.
/// </summary>
public sealed record FakeProviderRequest(
    string Provider,
    string Method,
    string PathAndQuery,
    bool CredentialValid,
    IReadOnlyList<string> SessionTokenSightings,
    string Body = "");
