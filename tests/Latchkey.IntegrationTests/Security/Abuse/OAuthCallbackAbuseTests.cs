using System.Net;
using System.Text.Json;
using Latchkey.IntegrationTests.Connections;
using Latchkey.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Security.Abuse;

/// <summary>
/// Authorization-code injection against the OAuth callback: a code issued to another user's flow
/// (so bound to another PKCE challenge) presented with the victim's state. The provider refuses
/// the victim's verifier; Latchkey must fail the flow, audit it and store nothing for anyone.
/// Replayed, unknown and missing state are in ConnectFlowTests.
/// </summary>
public sealed class OAuthCallbackAbuseTests
{
    [Theory]
    [InlineData("t1", "mallory")]
    [InlineData("t2", "alice")]
    public async Task Code_issued_to_another_users_flow_is_refused_audited_and_stores_nothing(string attackerTenant, string attackerUser)
    {
        await using var test = OAuthTestHost.Start();
        var (victimFlow, victimUrl) = await test.StartConnectAsync("t1", "alice");
        var (_, attackerUrl) = await test.StartConnectAsync(attackerTenant, attackerUser);
        var victimState = QueryHelpers.ParseQuery(new Uri(victimUrl).Query)["state"].ToString();
        var attackerCode = test.OAuth.Approve(attackerUrl);

        using var callback = await test.CallbackAsync($"?code={attackerCode}&state={victimState}");
        var page = await callback.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.DoesNotContain(attackerCode, page, StringComparison.Ordinal);
        Assert.DoesNotContain(victimState, page, StringComparison.Ordinal);
        Assert.Null(await test.StoredAsync("t1", "alice"));
        Assert.Null(await test.StoredAsync(attackerTenant, attackerUser));
        Assert.Empty(await test.Host.Factory.Services.GetRequiredService<Latchkey.Credentials.IConnectionStore>().ListAllAsync(CancellationToken.None));

        using var poll = test.Management(HttpMethod.Get, $"/v1/connections/flows/{victimFlow}", "t1", "alice");
        using var polled = await test.Host.Client.SendAsync(poll);
        Assert.Equal("failed", JsonDocument.Parse(await polled.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        var audited = await WaitForAsync(() => test.Host.Seq!.Events.FirstOrDefault(e =>
            e.TryGetProperty("Action", out var action) && action.GetString() == "connection.complete"));
        Assert.Equal("failed", audited.GetProperty("Decision").GetString());
        Assert.Equal("alice", audited.GetProperty("UserId").GetString());
        var seq = await test.Host.EmittedTextAsync();
        Assert.DoesNotContain(attackerCode, seq, StringComparison.Ordinal);
        Assert.DoesNotContain(victimState, seq, StringComparison.Ordinal);
        await test.AssertNoTokenLeaksAsync(page);
    }

    [Fact]
    public async Task Victims_state_cannot_be_retried_with_the_right_code_after_an_injection_attempt()
    {
        await using var test = OAuthTestHost.Start();
        var (_, victimUrl) = await test.StartConnectAsync("t1", "alice");
        var (_, attackerUrl) = await test.StartConnectAsync("t1", "mallory");
        var victimState = QueryHelpers.ParseQuery(new Uri(victimUrl).Query)["state"].ToString();
        using (var injected = await test.CallbackAsync($"?code={test.OAuth.Approve(attackerUrl)}&state={victimState}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, injected.StatusCode);
        }

        // State is single use even when the exchange failed: a second try is refused before any token call.
        var calls = test.OAuth.TokenCalls;
        using var retry = await test.CallbackAsync($"?code={test.OAuth.Approve(victimUrl)}&state={victimState}");

        Assert.Equal(HttpStatusCode.BadRequest, retry.StatusCode);
        Assert.Equal(calls, test.OAuth.TokenCalls);
        Assert.Null(await test.StoredAsync("t1", "alice"));
    }

    private static async Task<JsonElement> WaitForAsync(Func<JsonElement> probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var found = probe();
            if (found.ValueKind == JsonValueKind.Object)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the expected audit event never reached the Seq stand-in");
    }
}
