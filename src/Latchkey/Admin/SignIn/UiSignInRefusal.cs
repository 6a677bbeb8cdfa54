namespace Latchkey.Admin.SignIn;

/// <summary>
/// Why Latchkey itself refused an id_token the IdP signed, kept on <c>HttpContext.Features</c> from
/// the token-validated event to the failure event that audits it; <see cref="UserId"/> is the
/// token's <c>sub</c> when it is one string (the signature proved it), else null.
/// </summary>
internal sealed record UiSignInRefusal(string Reason, string? UserId);
