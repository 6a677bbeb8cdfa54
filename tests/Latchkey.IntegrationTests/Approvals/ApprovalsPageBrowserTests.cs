using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Latchkey.IntegrationTests.Approvals;

/// <summary>The approvals page in headless Chromium: sign in, see the held request (masked), approve.</summary>
public sealed class ApprovalsPageBrowserTests : IAsyncLifetime
{
    private const string Rules = """
        rules:
          - id: mail.send.approve
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/send
            scopes: [email.send]
            action: approve
        """;

    private const string PlantedSecret = "sk_live_PLANTEDSECRETVALUE1234567890";
    private const string Body = "{\"to\":\"bob@example.com\",\"subject\":\"Quarterly numbers\",\"api_key\":\"" + PlantedSecret + "\"}";

    // The browser's profile: deleted after the test, once the browser has quit.
    private readonly TempRoot _profile = TempRoot.Create("latchkey-chromium-");

    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, Rules, withSeq: false);
        _session = await _host.CreateSessionAsync("acme", "alice", "mailer", "email.send");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.page");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _profile.Dispose();
    }

    [Fact]
    public async Task Human_approves_a_held_request_in_the_browser_and_the_agent_replay_is_forwarded()
    {
        using var held = await SendAsync(null);
        var approvalId = JsonDocument.Parse(await held.Content.ReadAsStringAsync()).RootElement.GetProperty("approval_id").GetString()!;

        using (var browser = StartChromium(_profile))
        {
            browser.Navigate().GoToUrl(new Uri(_host.BaseAddress, "/v1/ui/approvals"));
            browser.FindElement(By.Id("token")).SendKeys(_host.Jwt.Issue("acme", "alice"));
            browser.FindElement(By.Id("sign-in")).Click();

            var section = await WaitForAsync(browser, By.Id(approvalId));
            Assert.Contains("/gmail/v1/users/me/messages/send", section.Text, StringComparison.Ordinal);
            Assert.Contains("bob@example.com", section.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(PlantedSecret, browser.PageSource, StringComparison.Ordinal);

            browser.FindElement(By.Id("approve-" + approvalId)).Click();
            var notice = await WaitForAsync(browser, By.Id("notice"));
            Assert.Contains("Approved", notice.Text, StringComparison.Ordinal);
            Assert.Empty(browser.FindElements(By.Id(approvalId)));
        }

        using var replay = await SendAsync(approvalId);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(Body, Assert.Single(_host.Upstream.Received).RequestMessage.Body);
    }

    [Fact]
    public async Task Another_user_sees_nothing_to_decide()
    {
        using var held = await SendAsync(null);

        using var browser = StartChromium(_profile);
        browser.Navigate().GoToUrl(new Uri(_host.BaseAddress, "/v1/ui/approvals"));
        browser.FindElement(By.Id("token")).SendKeys(_host.Jwt.Issue("acme", "mallory"));
        browser.FindElement(By.Id("sign-in")).Click();

        Assert.Contains("Nothing is waiting", (await WaitForAsync(browser, By.Id("empty"))).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_are_refused()
    {
        using var held = await SendAsync(null);
        var approvalId = JsonDocument.Parse(await held.Content.ReadAsStringAsync()).RootElement.GetProperty("approval_id").GetString()!;
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/v1/ui/approvals/{approvalId}/approve")
        {
            Content = new FormUrlEncodedContent([new("justification", "csrf")]),
        };
        forged.Headers.Add("Cookie", "latchkey_ui=" + _host.Jwt.Issue("acme", "alice"));

        using var response = await _host.Client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var replay = await SendAsync(approvalId);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(string? approvalId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send")
        {
            Content = new StringContent(Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        if (approvalId is not null)
        {
            request.Headers.Add("Latchkey-Approval", approvalId);
        }

        return _host.Client.SendAsync(request);
    }

    /// <summary>Clicks return before the next page loads: wait for the element instead of racing it.</summary>
    private static async Task<IWebElement> WaitForAsync(ChromeDriver browser, By by)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var found = browser.FindElements(by);
            if (found.Count > 0)
            {
                return found[0];
            }

            Assert.True(DateTime.UtcNow < deadline, $"{by} never appeared on {browser.Url}");
            await Task.Delay(50);
        }
    }

    private static ChromeDriver StartChromium(string profile)
    {
        const string Browser = "/usr/bin/chromium";
        const string Driver = "/usr/bin/chromedriver";
        Assert.True(File.Exists(Browser) && File.Exists(Driver),
            "Chromium is missing: install it with `apt-get install -y chromium chromium-driver` (scripts/test.sh does this).");
        var options = new ChromeOptions { BinaryLocation = Browser };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
