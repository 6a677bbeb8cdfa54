using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latchkey.Demo;

/// <summary>Mints an HS256 management token with the demo's random key, so the management API can be tried too.</summary>
internal static class DemoJwt
{
    public static string Issue(byte[] key, string tenant, string user, string role) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Audience = "latchkey",
            Claims = new Dictionary<string, object> { ["sub"] = user, ["tid"] = tenant, ["roles"] = new[] { role } },
            Expires = DateTime.UtcNow.AddHours(8),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
}
