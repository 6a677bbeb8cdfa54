using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latchkey.Admin;

/// <summary>
/// Checks what signature validation does not: a header that demands extensions (<c>crit</c>) and
/// identity claims that are not one plain string. Either would let the token mean something other
/// than what Latchkey reads from it, so both are refused.
/// </summary>
internal static class ManagementJwtBearerTokenShape
{
    /// <summary>Why the token is refused, or null when its shape is acceptable.</summary>
    public static string? Problem(SecurityToken? token, string tenantClaim)
    {
        if (token is not JsonWebToken jwt)
        {
            return "The token is not a compact JWS.";
        }

        // RFC 7515 §4.1.11: a recipient must refuse a token naming any critical extension it does not
        // understand. Latchkey understands none, so any "crit" (even an empty or malformed one) is refused.
        if (!LacksMember(jwt.EncodedHeader, "crit") || (jwt.InnerToken is { } inner && !LacksMember(inner.EncodedHeader, "crit")))
        {
            return "The token's header has a crit parameter.";
        }

        var payload = (jwt.InnerToken ?? jwt).EncodedPayload;
        foreach (var claim in new[] { "sub", tenantClaim })
        {
            // An array tid would otherwise be read as its first value; a number or object as its text.
            if (!IsSingleString(payload, claim))
            {
                return $"The token's {claim} claim is not a single string.";
            }
        }

        return null;
    }

    /// <summary>True when the encoded JSON object is readable and has no member <paramref name="name"/>.</summary>
    private static bool LacksMember(string encoded, string name)
    {
        using var document = Parse(encoded);
        return document is not null && !Members(document, name).Any();
    }

    /// <summary>True when the member occurs exactly once (duplicate keys are ambiguous) and is a string.</summary>
    private static bool IsSingleString(string encoded, string name)
    {
        using var document = Parse(encoded);
        if (document is null)
        {
            return false;
        }

        var members = Members(document, name).ToList();
        return members.Count == 1 && members[0].Value.ValueKind == JsonValueKind.String;
    }

    private static IEnumerable<JsonProperty> Members(JsonDocument document, string name) =>
        document.RootElement.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    private static JsonDocument? Parse(string encoded)
    {
        try
        {
            var document = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(encoded));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
