using System.Net;
using Latchkey.IntegrationTests.Admin.SignIn;

namespace Latchkey.IntegrationTests.Connections;

/// <summary>
/// Without an IdP client the connections page takes the approvals page's fallback: a pasted
/// management JWT, for that JWT's own tenant and user only.
/// </summary>
public sealed class ConnectionsPagePasteTests
{
    [Fact]
    public async Task Without_an_IdP_a_pasted_management_jwt_signs_in_to_the_users_own_connections()
    {
        await using var test = OAuthTestHost.Start();
        await test.SeedAsync("t1", "alice", "at-alice-0123456789", "rt-alice-0123456789", DateTimeOffset.UtcNow.AddHours(1));
        await test.SeedAsync("t1", "bob", "at-bob-0123456789", "rt-bob-0123456789", DateTimeOffset.UtcNow.AddHours(1));
        var browser = test.Browser;

        using (var anonymous = await browser.GetAsync(test.Host, "/v1/ui/connections"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, anonymous.StatusCode);
            Assert.Equal("/v1/ui/approvals", anonymous.Headers.Location!.OriginalString);
        }

        using (var signInPage = await browser.GetAsync(test.Host, "/v1/ui/approvals"))
        {
            var field = CookieBrowser.AntiforgeryField(await signInPage.Content.ReadAsStringAsync());
            using var pasted = await browser.PostFormAsync(test.Host, "/v1/ui/login",
                new Dictionary<string, string> { [field.Key] = field.Value, ["token"] = test.Host.Jwt.Issue("t1", "bob") });
            Assert.Equal(HttpStatusCode.SeeOther, pasted.StatusCode);
        }

        using var page = await browser.GetAsync(test.Host, "/v1/ui/connections");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Signed in as <code>bob</code>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"connection-mail\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", html, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789", html, StringComparison.Ordinal);
        await test.AssertNoTokenLeaksAsync(html);
    }
}
