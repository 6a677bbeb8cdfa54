using System.Text.Json;
using System.Text.RegularExpressions;

namespace Latchkey.Credentials.OAuth;

/// <summary>
/// Reads a token endpoint body, including providers' quirks: GitHub and Slack answer errors with
/// status 200, and Slack puts a user token under <c>authed_user</c>.
/// </summary>
internal static partial class TokenResponseParser
{
    [GeneratedRegex("^[a-z0-9_.-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeErrorCode();

    /// <summary>A lifetime longer than this is taken as this: no token is trusted for longer, and a far-off date cannot overflow.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    /// <param name="document">The body as a JSON object (see <see cref="BoundedJson"/>); null when it was none.</param>
    /// <param name="success">Whether the status was 2xx.</param>
    public static TokenEndpointResult Parse(JsonDocument? document, bool success)
    {
        if (document is null)
        {
            return new TokenEndpointResult.Rejected(success ? "invalid_response" : "invalid_request");
        }

        var root = document.RootElement;
        var error = StringOf(root, "error");
        var slackFailed = root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False;
        if (!success || error is not null || slackFailed)
        {
            // Only a short code of known characters is kept: it reaches logs and flow status.
            return new TokenEndpointResult.Rejected(error is not null && SafeErrorCode().IsMatch(error) ? error : "invalid_request");
        }

        var source = root;
        if (StringOf(root, "access_token") is null
            && root.TryGetProperty("authed_user", out var user) && user.ValueKind == JsonValueKind.Object)
        {
            source = user;
        }

        var accessToken = StringOf(source, "access_token");
        if (accessToken is null)
        {
            return new TokenEndpointResult.Rejected("invalid_response");
        }

        var refreshToken = StringOf(source, "refresh_token");
        TimeSpan? expiresIn = source.TryGetProperty("expires_in", out var expires) && expires.TryGetInt64(out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, (long)MaxLifetime.TotalSeconds))
            : null;
        var scope = StringOf(source, "scope");
        IReadOnlyList<string>? scopes = scope?.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        return new TokenEndpointResult.Success(new TokenResponse(
            new SecretValue(accessToken),
            refreshToken is null ? null : new SecretValue(refreshToken),
            expiresIn,
            scopes,
            Uri.TryCreate(StringOf(root, "instance_url"), UriKind.Absolute, out var instance) ? instance : null));
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
