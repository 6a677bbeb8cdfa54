namespace Latchkey.Credentials.OAuth.Registration;

/// <summary>The outcome of getting a provider's dynamically registered client.</summary>
internal abstract record ClientRegistrationResult
{
    private ClientRegistrationResult()
    {
    }

    public sealed record Registered(RegisteredClient Client) : ClientRegistrationResult;

    /// <summary>No client; <paramref name="Reason"/> is one of <see cref="ClientRegistrationFailures"/>, <paramref name="Status"/> the server's HTTP status when it answered.</summary>
    public sealed record Failed(string Reason, int? Status = null) : ClientRegistrationResult;
}
