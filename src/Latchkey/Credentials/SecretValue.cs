namespace Latchkey.Credentials;

/// <summary>
/// A secret held in memory (an access token, a refresh token, an API key). Its
/// <see cref="ToString"/> redacts, so an accidental log or interpolation cannot leak it.
/// </summary>
public sealed class SecretValue
{
    private readonly string _value;

    public SecretValue(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>The plaintext; call only where the secret is deliberately used.</summary>
    public string Reveal() => _value;

    public override string ToString() => "***";
}
