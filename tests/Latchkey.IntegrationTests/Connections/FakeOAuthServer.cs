using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Latchkey.IntegrationTests.Connections;

/// <summary>
/// A WireMock authorization server: a token endpoint that checks client authentication and the
/// PKCE verifier against the challenge of the code it issued, refreshes, and counts its calls.
/// </summary>
public sealed class FakeOAuthServer : IDisposable
{
    public const string ClientId = "latchkey-it-client";

    private readonly ConcurrentDictionary<string, string> _codeChallenges = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _issued = [];
    private int _tokenCalls;
    private int _refreshCalls;
    private int _revokeCalls;

    public FakeOAuthServer(bool expectBasicAuth = true)
    {
        ExpectBasicAuth = expectBasicAuth;
        ClientSecret = "cs-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/token").UsingPost())
            .RespondWith(Response.Create().WithCallback(HandleTokenAsync));
        Server.Given(Request.Create().WithPath("/revoke").UsingPost())
            .RespondWith(Response.Create().WithCallback(HandleRevoke));
    }

    public WireMockServer Server { get; }

    public bool ExpectBasicAuth { get; }

    public string ClientSecret { get; }

    public string Url => Server.Urls[0];

    /// <summary>What refresh requests get: "ok", "invalid_grant" or "unavailable".</summary>
    public string RefreshMode { get; set; } = "ok";

    /// <summary>What revocation requests get: "ok" (200) or "unavailable" (503).</summary>
    public string RevokeMode { get; set; } = "ok";

    /// <summary>How long the token endpoint takes, so concurrent callers overlap.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Lifetime of issued access tokens.</summary>
    public int ExpiresInSeconds { get; set; } = 3600;

    public bool RotateRefreshTokens { get; set; }

    public int TokenCalls => Volatile.Read(ref _tokenCalls);

    public int RefreshCalls => Volatile.Read(ref _refreshCalls);

    public int RevokeCalls => Volatile.Read(ref _revokeCalls);

    public string? LastRefreshToken { get; private set; }

    public string? LastRevokedToken { get; private set; }

    /// <summary>Every access and refresh token this server handed out, for leak searches.</summary>
    public IReadOnlyCollection<string> IssuedTokens => [.. _issued];

    public string LastAccessToken { get; private set; } = string.Empty;

    /// <summary>Plays the user approving in the browser: a code bound to the authorize URL's challenge.</summary>
    public string Approve(string authorizeUrl)
    {
        var query = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query);
        var code = "code-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        _codeChallenges[code] = query.TryGetValue("code_challenge", out var challenge) ? challenge.ToString() : string.Empty;
        return code;
    }

    public string MintToken(string prefix)
    {
        var token = prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _issued.Add(token);
        return token;
    }

    private async Task<IResponseMessage> HandleTokenAsync(IRequestMessage request)
    {
        Interlocked.Increment(ref _tokenCalls);
        await Task.Delay(Latency);
        var form = QueryHelpers.ParseQuery(request.Body ?? string.Empty);
        if (!ClientAuthenticated(request, form))
        {
            return Json(401, new { error = "invalid_client" });
        }

        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                var code = form["code"].ToString();
                if (!_codeChallenges.TryRemove(code, out var challenge))
                {
                    return Json(400, new { error = "invalid_grant" });
                }

                var verifier = form["code_verifier"].ToString();
                var expected = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
                if (string.IsNullOrEmpty(verifier) || !string.Equals(expected, challenge, StringComparison.Ordinal))
                {
                    return Json(400, new { error = "invalid_grant", error_description = "PKCE verification failed" });
                }

                return Issue(includeRefresh: true);

            case "refresh_token":
                Interlocked.Increment(ref _refreshCalls);
                LastRefreshToken = form["refresh_token"].ToString();
                return RefreshMode switch
                {
                    "invalid_grant" => Json(400, new { error = "invalid_grant" }),
                    "unavailable" => Json(503, new { error = "temporarily_unavailable" }),
                    _ => Issue(includeRefresh: RotateRefreshTokens),
                };

            default:
                return Json(400, new { error = "unsupported_grant_type" });
        }
    }

    private IResponseMessage HandleRevoke(IRequestMessage request)
    {
        Interlocked.Increment(ref _revokeCalls);
        LastRevokedToken = QueryHelpers.ParseQuery(request.Body ?? string.Empty)["token"].ToString();
        return RevokeMode == "unavailable" ? Json(503, new { error = "temporarily_unavailable" }) : Json(200, new { });
    }

    private bool ClientAuthenticated(IRequestMessage request, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        if (ExpectBasicAuth)
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
            return request.Headers is not null && request.Headers.TryGetValue("Authorization", out var values)
                && values.Contains(expected) && !form.ContainsKey("client_secret");
        }

        return form["client_id"] == ClientId && form["client_secret"] == ClientSecret;
    }

    private ResponseMessage Issue(bool includeRefresh)
    {
        LastAccessToken = MintToken("at-");
        var body = new Dictionary<string, object>
        {
            ["access_token"] = LastAccessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = ExpiresInSeconds,
            ["scope"] = "email.send",
        };
        if (includeRefresh)
        {
            body["refresh_token"] = MintToken("rt-");
        }

        return Json(200, body);
    }

    private static ResponseMessage Json(int status, object body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = JsonSerializer.Serialize(body) },
    };

    public void Dispose() => Server.Stop();
}
