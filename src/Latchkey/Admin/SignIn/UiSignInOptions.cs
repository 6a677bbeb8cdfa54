namespace Latchkey.Admin.SignIn;

/// <summary>
/// How people sign in to the <c>/v1/ui</c> pages, bound from <c>Latchkey:Admin:SignIn</c>: OpenID
/// Connect against <c>Latchkey:Admin:Authority</c> when <see cref="ClientId"/> is set, else (or
/// also, when allowed) by pasting a management JWT.
/// </summary>
public sealed class UiSignInOptions
{
    public const string SectionName = "Latchkey:Admin:SignIn";

    /// <summary>The client registered at the IdP for Latchkey's pages; empty: no OIDC sign-in.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client's secret, for IdPs that require one (PKCE is used either way).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for; must include <c>openid</c>. Add what makes the IdP put the tenant and roles claims in the id_token.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>Whether the page also takes a pasted management JWT; default: only when OIDC sign-in is off.</summary>
    public bool? AllowTokenPaste { get; set; }

    /// <summary>How long a sign-in lasts (the session cookie's lifetime, not sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public bool OidcEnabled => !string.IsNullOrWhiteSpace(ClientId);

    public bool TokenPasteAllowed => AllowTokenPaste ?? !OidcEnabled;

    /// <summary>The scopes asked for: the configured ones, or <c>openid profile</c>.</summary>
    public IReadOnlyList<string> EffectiveScopes => Scopes.Count > 0 ? [.. Scopes] : ["openid", "profile"];
}
