using Latchkey.Providers;

namespace Latchkey.Credentials.OAuth.Discovery;

/// <summary>A provider's OAuth settings as they are used: ready, absent, or unusable for now.</summary>
internal abstract record OAuthResolution
{
    public static readonly OAuthResolution None = new NotConfigured();

    private OAuthResolution()
    {
    }

    /// <summary>The settings with their endpoints known, and for <c>registration: dynamic</c> the registered client.</summary>
    public OAuthSettings? Usable => (this as Ready)?.Settings;

    public sealed record Ready(OAuthSettings Settings) : OAuthResolution;

    /// <summary>The provider has no <c>oauth</c>.</summary>
    public sealed record NotConfigured : OAuthResolution;

    /// <summary>Discovery or registration failed (logged with its reason); <paramref name="Error"/> is one of <see cref="ConnectFlowErrors"/>.</summary>
    public sealed record Failed(string Error) : OAuthResolution;
}
