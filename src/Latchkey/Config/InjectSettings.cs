namespace Latchkey.Config;

/// <summary>How the credential is written into the upstream request.</summary>
/// <param name="Header">Header name, e.g. <c>Authorization</c> or <c>x-api-key</c>.</param>
/// <param name="Format">Value template holding exactly one <c>{token}</c>.</param>
public sealed record InjectSettings(string Header, string Format)
{
    public const string TokenPlaceholder = "{token}";

    public static InjectSettings Default { get; } = new("Authorization", "Bearer {token}");

    public string Render(string token) => Format.Replace(TokenPlaceholder, token, StringComparison.Ordinal);
}
