using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Latchkey.IntegrationTests.Security.Abuse;

/// <summary>
/// Forged and misdirected management JWTs against a host that trusts both an OIDC authority
/// (RS256 keys from its JWKS) and a symmetric key (HS256), with a required issuer for the latter.
/// Every variant is 401 and creates nothing; session tokens are not JWTs either.
/// </summary>
public sealed class IdentityAbuseTests : IAsyncLifetime
{
    private readonly RSA _authorityKey = RSA.Create(2048);
    private readonly WireMockServer _authority = WireMockServer.Start();
    private LatchkeyTestHost _host = null!;

    private string AuthorityUrl => _authority.Urls[0];

    public async Task InitializeAsync()
    {
        var parameters = _authorityKey.ExportParameters(includePrivateParameters: false);
        var jwks = new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", kid = "authority-1", alg = "RS256", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        };
        _authority.Given(Request.Create().WithPath("/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBodyAsJson(new
            {
                issuer = AuthorityUrl,
                jwks_uri = AuthorityUrl + "/jwks",
                authorization_endpoint = AuthorityUrl + "/authorize",
                token_endpoint = AuthorityUrl + "/token",
                id_token_signing_alg_values_supported = new[] { "RS256" },
            }));
        _authority.Given(Request.Create().WithPath("/jwks").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBodyAsJson(jwks));

        _host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, settings: new Dictionary<string, string?>
        {
            ["Latchkey:Admin:Authority"] = AuthorityUrl,
        });
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _authority.Stop();
        _authorityKey.Dispose();
    }

    [Fact]
    public async Task Authority_signed_and_symmetric_tokens_are_accepted()
    {
        using var rs = await CreateSessionAsync(Rs256(AuthorityUrl));
        using var hs = await CreateSessionAsync(Hs256(_host.Jwt.KeyBytes, issuer: AuthorityUrl));

        Assert.Equal(HttpStatusCode.Created, rs.StatusCode);
        Assert.Equal(HttpStatusCode.Created, hs.StatusCode);
    }

    public static TheoryData<string> ForgedTokens => new()
    {
        "alg_none",
        "wrong_symmetric_key",
        "hs256_with_authority_public_key",
        "hs256_with_authority_modulus",
        "rs256_with_attacker_key_and_embedded_jwk",
        "rs256_with_attacker_key_and_authority_kid",
        "wrong_audience",
        "wrong_issuer",
        "expired",
        "not_yet_valid",
        "missing_tenant",
        "missing_expiry",
    };

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Forged_or_misdirected_jwt_is_401_and_creates_nothing(string kind)
    {
        var jwt = Forge(kind);

        using var create = await CreateSessionAsync(jwt);
        using var list = await SendAsync(HttpMethod.Get, "/v1/sessions", jwt);

        await ErrorAssert.IsErrorAsync(create, 401, "unauthorized");
        await ErrorAssert.IsErrorAsync(list, 401, "unauthorized");
        using var check = await SendAsync(HttpMethod.Get, "/v1/sessions", Hs256(_host.Jwt.KeyBytes, issuer: AuthorityUrl, roles: ["latchkey.admin"]));
        Assert.Equal("[]", JsonDocument.Parse(await check.Content.ReadAsStringAsync()).RootElement.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Session_token_is_refused_by_the_management_api()
    {
        using var created = await CreateSessionAsync(Hs256(_host.Jwt.KeyBytes, issuer: AuthorityUrl));
        var token = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;

        using var list = await SendAsync(HttpMethod.Get, "/v1/sessions", token);
        using var create = await CreateSessionAsync(token);

        await ErrorAssert.IsErrorAsync(list, 401, "unauthorized");
        await ErrorAssert.IsErrorAsync(create, 401, "unauthorized");
    }

    [Fact]
    public async Task Authority_jwt_is_refused_on_the_data_plane()
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/mail/gmail/v1/users/me/messages", Rs256(AuthorityUrl));

        await ErrorAssert.IsErrorAsync(response, 401, "invalid_session");
        Assert.Empty(_host.Upstream.Received);
    }

    private string Forge(string kind)
    {
        using var attacker = RSA.Create(2048);
        var publicPem = Encoding.ASCII.GetBytes(_authorityKey.ExportSubjectPublicKeyInfoPem());
        var modulus = _authorityKey.ExportParameters(false).Modulus!;
        return kind switch
        {
            "alg_none" => new JsonWebTokenHandler().CreateToken(Descriptor(AuthorityUrl, null)),
            "wrong_symmetric_key" => Hs256(RandomNumberGenerator.GetBytes(32), issuer: AuthorityUrl),
            "hs256_with_authority_public_key" => Hs256(publicPem, issuer: AuthorityUrl),
            "hs256_with_authority_modulus" => Hs256(modulus, issuer: AuthorityUrl),
            "rs256_with_attacker_key_and_embedded_jwk" => Sign(Descriptor(AuthorityUrl, new SigningCredentials(new RsaSecurityKey(attacker), SecurityAlgorithms.RsaSha256), header: new Dictionary<string, object>
            {
                ["jwk"] = new Dictionary<string, object> { ["kty"] = "RSA", ["n"] = Base64UrlEncoder.Encode(attacker.ExportParameters(false).Modulus), ["e"] = "AQAB" },
            })),
            "rs256_with_attacker_key_and_authority_kid" => Sign(Descriptor(AuthorityUrl, new SigningCredentials(new RsaSecurityKey(attacker) { KeyId = "authority-1" }, SecurityAlgorithms.RsaSha256))),
            "wrong_audience" => Hs256(_host.Jwt.KeyBytes, issuer: AuthorityUrl, audience: "someone-else"),
            "wrong_issuer" => Rs256("https://evil.example"),
            "expired" => Hs256(_host.Jwt.KeyBytes, issuer: AuthorityUrl, notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddMinutes(-5)),
            "not_yet_valid" => Hs256(_host.Jwt.KeyBytes, issuer: AuthorityUrl, notBefore: DateTime.UtcNow.AddMinutes(10), expires: DateTime.UtcNow.AddMinutes(20)),
            "missing_tenant" => Hs256(_host.Jwt.KeyBytes, issuer: AuthorityUrl, tenant: null),
            "missing_expiry" => WithoutExpiry(Descriptor(AuthorityUrl, new SigningCredentials(new SymmetricSecurityKey(_host.Jwt.KeyBytes), SecurityAlgorithms.HmacSha256))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static string WithoutExpiry(SecurityTokenDescriptor descriptor)
    {
        descriptor.Expires = null;
        return Sign(descriptor, setDefaultTimes: false);
    }

    private string Rs256(string issuer) =>
        Sign(Descriptor(issuer, new SigningCredentials(new RsaSecurityKey(_authorityKey) { KeyId = "authority-1" }, SecurityAlgorithms.RsaSha256)));

    private static string Hs256(
        byte[] key,
        string issuer,
        string audience = "latchkey",
        string? tenant = "acme",
        DateTime? notBefore = null,
        DateTime? expires = null,
        string[]? roles = null)
    {
        var descriptor = Descriptor(issuer, new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256), audience, tenant, roles);
        descriptor.NotBefore = notBefore ?? descriptor.NotBefore;
        descriptor.Expires = expires;
        descriptor.IssuedAt = notBefore ?? descriptor.IssuedAt;
        if (expires is null && notBefore is null)
        {
            descriptor.Expires = DateTime.UtcNow.AddMinutes(10);
        }

        return Sign(descriptor, setDefaultTimes: expires is not null || notBefore is not null);
    }

    private static SecurityTokenDescriptor Descriptor(
        string issuer,
        SigningCredentials? credentials,
        string audience = "latchkey",
        string? tenant = "acme",
        string[]? roles = null,
        Dictionary<string, object>? header = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "alice" };
        if (tenant is not null)
        {
            claims["tid"] = tenant;
        }

        if (roles is not null)
        {
            claims["roles"] = roles;
        }

        return new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = DateTime.UtcNow.AddSeconds(-5),
            NotBefore = DateTime.UtcNow.AddSeconds(-5),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = credentials,
            AdditionalHeaderClaims = header,
        };
    }

    private static string Sign(SecurityTokenDescriptor descriptor, bool setDefaultTimes = true) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = setDefaultTimes }.CreateToken(descriptor);

    private Task<HttpResponseMessage> CreateSessionAsync(string token) =>
        SendAsync(HttpMethod.Post, "/v1/sessions", token, JsonContent.Create(new { agent_id = "bot", scopes = new[] { "email.read" } }));

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _host.Client.SendAsync(request);
    }
}
