using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>Mints management JWTs signed with the test host's HS256 key.</summary>
public sealed class TestJwt
{
    public TestJwt()
    {
        KeyBytes = RandomNumberGenerator.GetBytes(32);
    }

    public byte[] KeyBytes { get; }

    public string Base64Key => Convert.ToBase64String(KeyBytes);

    public string Issue(string tenant, string user, params string[] roles)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = user,
            ["tid"] = tenant,
        };
        if (roles.Length > 0)
        {
            claims["roles"] = roles;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Audience = "latchkey",
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(10),
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddSeconds(-5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(KeyBytes), SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
