using System.Net;
using System.Net.Http.Headers;

namespace Latchkey.Tests.Admin;

/// <summary>Tokens whose header or tenant claim Latchkey cannot read unambiguously are refused.</summary>
public sealed class ManagementJwtShapeTests : IAsyncLifetime
{
    private LatchkeyTestHost _host = null!;

    public static TheoryData<string, object> UnreadableTenants => new()
    {
        { "array", new[] { "t1", "t2" } },
        { "single-element array", new[] { "t1" } },
        { "number", 42 },
        { "object", new Dictionary<string, object> { ["id"] = "t1" } },
        { "boolean", true },
    };

    public static TheoryData<string, object> CritHeaders => new()
    {
        { "unknown extension", new[] { "exp-ext" } },
        { "registered name", new[] { "b64" } },
        { "empty list", Array.Empty<string>() },
        { "string", "exp-ext" },
    };

    public async Task InitializeAsync() => _host = await LatchkeyTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Plain_token_is_accepted()
    {
        using var response = await ListSessionsAsync(TestJwt.Create());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(UnreadableTenants))]
    public async Task Tenant_claim_that_is_not_a_single_string_is_refused(string shape, object tenant)
    {
        using var response = await ListSessionsAsync(TestJwt.Create(tenantValue: tenant));

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"tid as {shape} was accepted: {(int)response.StatusCode}");
    }

    [Theory]
    [MemberData(nameof(CritHeaders))]
    public async Task Token_with_a_crit_header_is_refused(string shape, object crit)
    {
        var header = new Dictionary<string, object>(StringComparer.Ordinal) { ["crit"] = crit, ["exp-ext"] = "x", ["b64"] = true };

        using var response = await ListSessionsAsync(TestJwt.Create(extraHeader: header));

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"crit as {shape} was accepted: {(int)response.StatusCode}");
    }

    private async Task<HttpResponseMessage> ListSessionsAsync(string jwt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sessions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        return await _host.Client.SendAsync(request);
    }
}
