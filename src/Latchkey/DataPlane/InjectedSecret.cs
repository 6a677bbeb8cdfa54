using Latchkey.Credentials;
using Latchkey.Providers;

namespace Latchkey.DataPlane;

/// <summary>
/// The secret part of the injected header value (the value without the format's literal text,
/// e.g. the token without <c>Bearer </c>): what an upstream that echoes the credential would
/// send back, alone or inside the whole header value.
/// </summary>
internal readonly struct InjectedSecret
{
    /// <summary>Shorter secrets are not searched for: they would match ordinary text.</summary>
    public const int MinimumLength = 8;

    private readonly SecretValue _credential;
    private readonly int _start;
    private readonly int _length;

    private InjectedSecret(SecretValue credential, int start, int length)
    {
        _credential = credential;
        _start = start;
        _length = length;
    }

    /// <summary>The secret's characters, a slice of the injected header value.</summary>
    public ReadOnlySpan<char> Chars => _credential.Reveal().AsSpan(_start, _length);

    /// <summary>Its UTF-8 bytes, kept by the credential for the next response it serves; never change them.</summary>
    public byte[] Utf8 => _credential.Utf8Of(_start, _length);

    public static bool TryGet(AgentRequestFeature agentRequest, out InjectedSecret secret)
    {
        secret = default;
        if (agentRequest.Credential is not { } credential || agentRequest.ProviderDefinition is not { } provider)
        {
            return false;
        }

        var value = credential.Reveal();
        var format = provider.Inject.Format;
        var placeholder = format.Contains(InjectSettings.Base64TokenPlaceholder, StringComparison.Ordinal)
            ? InjectSettings.Base64TokenPlaceholder
            : InjectSettings.TokenPlaceholder;
        var at = format.IndexOf(placeholder, StringComparison.Ordinal);
        var prefix = at < 0 ? 0 : at;
        var suffix = at < 0 ? 0 : format.Length - at - placeholder.Length;
        var length = value.Length - prefix - suffix;
        if (length < MinimumLength)
        {
            return false;
        }

        secret = new InjectedSecret(credential, prefix, length);
        return true;
    }
}
