using System.Net;
using System.Net.Http.Headers;

namespace Latchkey.Tests.Admin;

public sealed class UnconfiguredManagementAuthTests
{
    [Fact]
    public async Task Without_authority_or_key_the_app_starts_and_refuses_every_call()
    {
        await using var host = await LatchkeyTestHost.StartAsync(settings: new Dictionary<string, string?>());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sessions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.Create());

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"unauthorized\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_signing_key_stops_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => LatchkeyTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Latchkey:Admin:SigningKey"] = "c2hvcnQ=",
        }));

        Assert.Contains("Latchkey:Admin:SigningKey", error.Message, StringComparison.Ordinal);
    }
}
