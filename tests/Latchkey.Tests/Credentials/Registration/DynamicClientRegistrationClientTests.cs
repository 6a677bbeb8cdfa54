using System.Net;
using System.Text.Json;
using Latchkey.Credentials.OAuth.Registration;
using Latchkey.Tests.Credentials.Discovery;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Credentials.Registration;

/// <summary>
/// RFC 7591 registration as Latchkey sends it (its callback, the code and refresh grants, a public
/// client when the server allows one) and the server's answer treated as hostile until checked.
/// </summary>
public sealed class DynamicClientRegistrationClientTests
{
    private const string Endpoint = "https://auth.example.com/tenant/register";
    private const string Callback = "https://latchkey.example.test/oauth/callback";

    private readonly MetadataServer _server = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Request_names_latchkeys_callback_both_grants_its_name_and_a_public_client_when_the_server_allows_one()
    {
        _server.Serve(Endpoint, """{"client_id":"dyn-1","token_endpoint_auth_method":"none"}""", HttpStatusCode.Created);

        var client = Registered(await RegisterAsync(["client_secret_basic", "none"], ["issues.read", "issues.write"]));

        using var sent = JsonDocument.Parse(Assert.Single(_server.Posted));
        var body = sent.RootElement;
        Assert.Equal("Latchkey", body.GetProperty("client_name").GetString());
        Assert.Equal([Callback], body.GetProperty("redirect_uris").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["authorization_code", "refresh_token"], body.GetProperty("grant_types").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["code"], body.GetProperty("response_types").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("none", body.GetProperty("token_endpoint_auth_method").GetString());
        Assert.Equal("issues.read issues.write", body.GetProperty("scope").GetString());
        Assert.Equal(("dyn-1", "none", null), (client.ClientId, client.AuthMethod, client.ClientSecret));
        Assert.Equal((Endpoint, Callback, _time.GetUtcNow()), (client.RegistrationEndpoint, client.RedirectUri, client.RegisteredAt));
    }

    [Theory]
    [InlineData(new[] { "client_secret_post", "client_secret_basic" }, "client_secret_basic")]
    [InlineData(new[] { "private_key_jwt", "client_secret_post" }, "client_secret_post")]
    public async Task Without_a_public_client_a_secret_method_the_server_supports_is_asked_for(string[] supported, string expected)
    {
        var expires = _time.GetUtcNow().AddDays(30).ToUnixTimeSeconds();
        _server.Serve(Endpoint, $$"""{"client_id":"dyn-2","client_secret":"dyn-secret-9f1","client_secret_expires_at":{{expires}}}""", HttpStatusCode.Created);

        var client = Registered(await RegisterAsync(supported));

        using var sent = JsonDocument.Parse(Assert.Single(_server.Posted));
        Assert.Equal(expected, sent.RootElement.GetProperty("token_endpoint_auth_method").GetString());
        Assert.Equal(expected, client.AuthMethod);
        Assert.Equal("dyn-secret-9f1", client.ClientSecret!.Reveal());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(expires), client.SecretExpiresAt);
        Assert.Equal("***", client.ClientSecret.ToString());
    }

    [Fact]
    public async Task A_secret_that_never_expires_has_no_expiry()
    {
        _server.Serve(Endpoint, """{"client_id":"dyn-3","client_secret":"s","client_secret_expires_at":0}""", HttpStatusCode.Created);

        Assert.Null(Registered(await RegisterAsync(["client_secret_basic"])).SecretExpiresAt);
    }

    [Fact]
    public async Task Server_without_a_method_latchkey_can_use_is_not_asked()
    {
        var result = await RegisterAsync(["private_key_jwt", "tls_client_auth"]);

        Assert.Equal(ClientRegistrationFailures.AuthMethodUnsupported, Failure(result));
        Assert.Empty(_server.Requested);
    }

    public static TheoryData<string, string[]> HostileAnswers() => new()
    {
        { "not json", ["none"] },
        { """["dyn-1"]""", ["none"] },
        { "{}", ["none"] },
        { """{"client_id":""}""", ["none"] },
        { """{"client_id":42}""", ["none"] },
        { """{"client_id":"dyn\u000a1"}""", ["none"] },
        { $$"""{"client_id":"{{new string('a', 513)}}"}""", ["none"] },
        { """{"client_id":"dyn-1","token_endpoint_auth_method":"private_key_jwt"}""", ["none"] },
        { """{"client_id":"dyn-1"}""", ["client_secret_basic"] },
        { """{"client_id":"dyn-1","client_secret":17}""", ["client_secret_basic"] },
        { """{"client_id":"dyn-1","client_secret":"s","client_secret_expires_at":"soon"}""", ["client_secret_basic"] },
        { """{"client_id":"dyn-1","client_secret":"s","client_secret_expires_at":1000}""", ["client_secret_basic"] },
        { $$"""{"client_id":"dyn-1","padding":"{{new string('x', 70 * 1024)}}"}""", ["none"] },
    };

    [Theory]
    [MemberData(nameof(HostileAnswers))]
    public async Task Answer_that_is_not_a_usable_registration_is_refused(string answer, string[] supported)
    {
        _server.Serve(Endpoint, answer, HttpStatusCode.Created);

        Assert.Equal(ClientRegistrationFailures.InvalidResponse, Failure(await RegisterAsync(supported)));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, ClientRegistrationFailures.RegistrationRefused)]
    [InlineData(HttpStatusCode.Forbidden, ClientRegistrationFailures.RegistrationRefused)]
    [InlineData(HttpStatusCode.TemporaryRedirect, ClientRegistrationFailures.RegistrationRefused)]
    [InlineData(HttpStatusCode.TooManyRequests, ClientRegistrationFailures.RegistrationUnavailable)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ClientRegistrationFailures.RegistrationUnavailable)]
    public async Task Refusal_or_outage_yields_a_fixed_reason_and_its_status_never_the_body(HttpStatusCode status, string reason)
    {
        _server.Serve(Endpoint, """{"error":"invalid_client_metadata","error_description":"client_secret sk-live-77 is wrong"}""", status);

        var failed = Assert.IsType<ClientRegistrationResult.Failed>(await RegisterAsync(["none"]));

        Assert.Equal((reason, (int)status), (failed.Reason, failed.Status));
        Assert.DoesNotContain("sk-live-77", failed.ToString(), StringComparison.Ordinal);
        Assert.Single(_server.Requested);
    }

    private Task<ClientRegistrationResult> RegisterAsync(string[] supported, string[]? scopes = null) =>
        new DynamicClientRegistrationClient(_server, _time).RegisterAsync(new Uri(Endpoint), Callback, supported, scopes ?? [], CancellationToken.None);

    private static RegisteredClient Registered(ClientRegistrationResult result) => Assert.IsType<ClientRegistrationResult.Registered>(result).Client;

    private static string Failure(ClientRegistrationResult result) => Assert.IsType<ClientRegistrationResult.Failed>(result).Reason;
}
