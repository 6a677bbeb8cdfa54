namespace Latchkey.Providers;

/// <summary>How the credential is written into the upstream request.</summary>
/// <param name="Header">Header name, e.g. <c>Authorization</c> or <c>x-api-key</c>.</param>
/// <param name="Format">
/// Value template holding exactly one <c>{token}</c>, or one <c>{token_base64}</c> for HTTP Basic
/// credentials kept as <c>user:secret</c> (Jira and Zendesk API tokens: <c>email:token</c>).
/// </param>
public sealed record InjectSettings(string Header, string Format)
{
    public const string TokenPlaceholder = "{token}";
    public const string Base64TokenPlaceholder = "{token_base64}";

    public static InjectSettings Default { get; } = new("Authorization", "Bearer {token}");

    public string Render(string token) => Format.Contains(Base64TokenPlaceholder, StringComparison.Ordinal)
        ? Format.Replace(Base64TokenPlaceholder, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(token)), StringComparison.Ordinal)
        : Format.Replace(TokenPlaceholder, token, StringComparison.Ordinal);
}
