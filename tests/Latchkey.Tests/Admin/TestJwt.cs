using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latchkey.Tests.Admin;

/// <summary>Mints management JWTs for tests; <c>tenantValue</c> and <c>extraHeader</c> shape hostile tokens.</summary>
internal static class TestJwt
{
    public static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    public static string KeyBase64 => Convert.ToBase64String(Key);

    public static string Create(
        string? sub = "alice",
        string? tenant = "t1",
        string[]? roles = null,
        string audience = "latchkey",
        byte[]? key = null,
        bool signed = true,
        DateTime? expires = null,
        object? tenantValue = null,
        IDictionary<string, object>? extraHeader = null)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        if (sub is not null)
        {
            claims["sub"] = sub;
        }

        if (tenantValue is not null)
        {
            claims["tid"] = tenantValue;
        }
        else if (tenant is not null)
        {
            claims["tid"] = tenant;
        }

        if (roles is not null)
        {
            claims["roles"] = roles;
        }

        var exp = expires ?? DateTime.UtcNow.AddMinutes(10);
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            Audience = audience,
            Expires = exp,
            NotBefore = exp.AddMinutes(-30),
            IssuedAt = exp.AddMinutes(-30),
            SigningCredentials = signed
                ? new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256)
                : null,
            AdditionalHeaderClaims = extraHeader,
        };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(descriptor);
    }
}
