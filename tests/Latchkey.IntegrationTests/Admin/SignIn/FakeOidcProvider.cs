using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latchkey.IntegrationTests.Admin.SignIn;

/// <summary>
/// An OpenID Connect provider on loopback: discovery document, JWKS, an authorize endpoint that
/// signs the next person in at once (no login form) and a token endpoint that checks the client,
/// the redirect_uri and the PKCE verifier, and answers an RS256 id_token signed by a test key.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    public const string ClientId = "latchkey-ui";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _issued = [];
    private readonly ConcurrentBag<string> _states = [];

    private FakeOidcProvider(WebApplication app, RsaSecurityKey key)
    {
        _app = app;
        _key = key;
        Issuer = app.Urls.First().TrimEnd('/');
    }

    public string Issuer { get; }

    /// <summary>The claims of whoever signs in next (besides iss, aud, iat, exp and nonce).</summary>
    public Dictionary<string, object> NextClaims { get; set; } = new(StringComparer.Ordinal) { ["sub"] = "alice", ["tid"] = "acme" };

    /// <summary>Puts this nonce in id_tokens instead of the one the authorize request carried.</summary>
    public string? NonceOverride { get; set; }

    /// <summary>Every state value the authorize endpoint saw, to look for in logs.</summary>
    public IReadOnlyCollection<string> States => [.. _states];

    /// <summary>Signs id_tokens with another key than the published one.</summary>
    public bool SignWithUnpublishedKey { get; set; }

    /// <summary>Every code, id_token and access token handed out, to look for in logs.</summary>
    public IReadOnlyCollection<string> IssuedSecrets => [.. _issued];

    private int _tokenCalls;

    public int TokenCalls => Volatile.Read(ref _tokenCalls);

    public static async Task<FakeOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key" };
        FakeOidcProvider? fake = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(fake!.Discovery()));
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { fake!.PublicJwk() } }));
        app.MapGet("/authorize", (HttpContext context) => fake!.Authorize(context));
        app.MapPost("/token", (Func<HttpContext, Task<IResult>>)(context => fake!.TokenAsync(context)));
        await app.StartAsync();
        fake = new FakeOidcProvider(app, key);
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A management JWT from this authority (audience latchkey), as the IdP would issue for API calls.</summary>
    public string IssueManagementJwt(string tenant, string user, params string[] roles)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { ["sub"] = user, ["tid"] = tenant };
        if (roles.Length > 0)
        {
            claims["roles"] = roles;
        }

        return Sign(claims, "latchkey", _key);
    }

    private string Sign(Dictionary<string, object> claims, string audience, SecurityKey key) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddSeconds(-5),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

    private Dictionary<string, object> Discovery() => new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = Issuer + "/authorize",
        ["token_endpoint"] = Issuer + "/token",
        ["jwks_uri"] = Issuer + "/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "none" },
    };

    private object PublicJwk()
    {
        var parameters = _key.Rsa.ExportParameters(includePrivateParameters: false);
        return new { kty = "RSA", use = "sig", alg = "RS256", kid = _key.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) };
    }

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256"
            || string.IsNullOrEmpty(query["code_challenge"]) || string.IsNullOrEmpty(query["state"]) || string.IsNullOrEmpty(query["nonce"])
            || !((string?)query["scope"] ?? string.Empty).Split(' ').Contains("openid"))
        {
            return Results.BadRequest("bad authorize request");
        }

        _states.Add(query["state"]!);
        var code = "code-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _issued.Add(code);
        _codes[code] = new PendingCode(query["redirect_uri"]!, query["code_challenge"]!, query["nonce"]!, new Dictionary<string, object>(NextClaims));
        return Results.Redirect(QueryHelpers.AddQueryString(query["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = query["state"] }));
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenCalls);
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "authorization_code" || form["client_id"] != ClientId
            || !_codes.TryRemove(form["code"].ToString(), out var pending) || form["redirect_uri"] != pending.RedirectUri
            || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != pending.CodeChallenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var claims = new Dictionary<string, object>(pending.Claims, StringComparer.Ordinal) { ["nonce"] = NonceOverride ?? pending.Nonce };
        var signingKey = SignWithUnpublishedKey ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = _key.KeyId } : _key;
        var idToken = Sign(claims, ClientId, signingKey);
        var accessToken = "at-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _issued.Add(idToken);
        _issued.Add(accessToken);
        return Results.Json(new { id_token = idToken, access_token = accessToken, token_type = "Bearer", expires_in = 300 });
    }

    private sealed record PendingCode(string RedirectUri, string CodeChallenge, string Nonce, Dictionary<string, object> Claims);
}
