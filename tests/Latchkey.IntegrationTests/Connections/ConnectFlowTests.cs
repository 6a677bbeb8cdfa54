using System.Net;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Connections;

public sealed class ConnectFlowTests
{
    [Fact]
    public async Task Completed_connect_flow_stores_encrypted_tokens_and_forwards_with_them()
    {
        await using var test = OAuthTestHost.Start();
        var (flowId, authorizeUrl) = await test.StartConnectAsync("t1", "alice");

        var query = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query);
        Assert.StartsWith(test.OAuth.Url + "/authorize?", authorizeUrl, StringComparison.Ordinal);
        Assert.Equal(OAuthTestHost.PublicUrl + "/oauth/callback", query["redirect_uri"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        Assert.True(query["state"].ToString().Length >= 43);

        using var pollRequest = test.Management(HttpMethod.Get, $"/v1/connections/flows/{flowId}?wait_seconds=30", "t1", "alice");
        var poll = test.Host.Client.SendAsync(pollRequest);

        var code = test.OAuth.Approve(authorizeUrl);
        using var callback = await test.CallbackAsync($"?code={code}&state={query["state"]}");
        var page = await callback.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Contains("Connected", page, StringComparison.Ordinal);
        Assert.Contains("alice", page, StringComparison.Ordinal);
        Assert.Contains("t1", page, StringComparison.Ordinal);

        using var pollResponse = await poll;
        var status = JsonDocument.Parse(await pollResponse.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("completed", status.GetProperty("status").GetString());

        using var listRequest = test.Management(HttpMethod.Get, "/v1/connections", "t1", "alice");
        using var list = await test.Host.Client.SendAsync(listRequest);
        var listBody = await list.Content.ReadAsStringAsync();
        var connection = Assert.Single(JsonDocument.Parse(listBody).RootElement.EnumerateArray());
        Assert.Equal("mail", connection.GetProperty("provider").GetString());
        Assert.True(connection.TryGetProperty("connected_at", out _));

        var session = await test.Host.CreateSessionAsync("t1", "alice", "bot", "email.send");
        using var forwarded = await test.Host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send", session.Token, new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        var upstream = Assert.Single(test.Host.Upstream.Received);
        Assert.Equal("Bearer " + test.OAuth.LastAccessToken, upstream.RequestMessage.Headers!["Authorization"].Single());

        await test.AssertNoTokenLeaksAsync(page, listBody, await forwarded.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("wait_seconds=abc")]
    [InlineData("wait_seconds=-1")]
    [InlineData("wait_seconds=1.5")]
    [InlineData("wait_seconds=99999999999")]
    [InlineData("wait_seconds=1&wait_seconds=2")]
    public async Task Poll_with_a_wait_that_is_not_one_whole_number_of_seconds_is_the_contracts_400(string query)
    {
        await using var test = OAuthTestHost.Start();
        var (flowId, _) = await test.StartConnectAsync("t1", "alice");

        using var request = test.Management(HttpMethod.Get, $"/v1/connections/flows/{flowId}?{query}", "t1", "alice");
        using var response = await test.Host.Client.SendAsync(request);

        await ErrorAssert.IsErrorAsync(response, 400, "invalid_request");
        Assert.Equal("invalid_request", Assert.Single(response.Headers.GetValues("Latchkey-Error")));
    }

    [Fact]
    public async Task Poll_without_a_wait_answers_at_once_with_the_flows_state()
    {
        await using var test = OAuthTestHost.Start();
        var (flowId, _) = await test.StartConnectAsync("t1", "alice");

        using var request = test.Management(HttpMethod.Get, $"/v1/connections/flows/{flowId}", "t1", "alice");
        using var response = await test.Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pending", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Replayed_unknown_and_missing_state_are_refused_and_store_nothing()
    {
        await using var test = OAuthTestHost.Start();
        var (_, authorizeUrl) = await test.StartConnectAsync("t1", "alice");
        var state = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query)["state"].ToString();
        var code = test.OAuth.Approve(authorizeUrl);

        using (var missing = await test.CallbackAsync($"?code={code}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        }

        using (var unknown = await test.CallbackAsync($"?code={code}&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        }

        Assert.Equal(0, test.OAuth.TokenCalls);
        Assert.Null(await test.StoredAsync("t1", "alice"));

        using (var first = await test.CallbackAsync($"?code={code}&state={state}"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await test.Host.Factory.Services.GetRequiredService<Latchkey.Credentials.ITokenVault>()
            .DeleteAsync(new("t1", "alice", "mail"), CancellationToken.None);
        using var replay = await test.CallbackAsync($"?code={test.OAuth.Approve(authorizeUrl)}&state={state}");
        var page = await replay.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.DoesNotContain(state, page, StringComparison.Ordinal);
        Assert.Equal(1, test.OAuth.TokenCalls);
        Assert.Null(await test.StoredAsync("t1", "alice"));
    }

    [Fact]
    public async Task Flow_is_visible_only_to_its_user_and_tokens_never_cross_tenants()
    {
        await using var test = OAuthTestHost.Start();
        var (flowId, authorizeUrl) = await test.StartConnectAsync("t1", "alice");
        var state = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query)["state"].ToString();

        using var foreignPoll = test.Management(HttpMethod.Get, $"/v1/connections/flows/{flowId}", "t2", "alice");
        using (var response = await test.Host.Client.SendAsync(foreignPoll))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var otherUserPoll = test.Management(HttpMethod.Get, $"/v1/connections/flows/{flowId}", "t1", "bob");
        using (var response = await test.Host.Client.SendAsync(otherUserPoll))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var callback = await test.CallbackAsync($"?code={test.OAuth.Approve(authorizeUrl)}&state={state}"))
        {
            Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        }

        var foreign = await test.Host.CreateSessionAsync("t2", "alice", "bot", "email.send");
        using var refused = await test.Host.SendAsync(HttpMethod.Post, "/mail/gmail/v1/users/me/messages/send", foreign.Token, new StringContent("{}"));
        await ErrorAssert.IsErrorAsync(refused, 403, "connection_required");
        Assert.Empty(test.Host.Upstream.Received);

        using var foreignList = test.Management(HttpMethod.Get, "/v1/connections", "t2", "alice");
        using var list = await test.Host.Client.SendAsync(foreignList);
        Assert.Equal("[]", await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Start_with_an_unreadable_client_secret_is_503_credential_unavailable_audited_and_hands_out_no_link()
    {
        await using var test = OAuthTestHost.Start();
        test.UnsetClientSecret();

        using var request = test.Management(HttpMethod.Post, "/v1/connections/mail", "t1", "alice",
            new StringContent("{}", Encoding.UTF8, "application/json"));
        using var response = await test.Host.Client.SendAsync(request);

        // A link handed out now would burn the user's authorization code at a token exchange that cannot authenticate.
        await ErrorAssert.IsErrorAsync(response, 503, "credential_unavailable");
        var audited = await test.Host.Seq!.WaitForEventAsync(e => e.TryGetProperty("Action", out var action) && action.GetString() == "connection.start");
        Assert.Equal("denied", audited.GetProperty("Decision").GetString());
        Assert.Equal("credential_unavailable", audited.GetProperty("Reason").GetString());
        Assert.Equal("mail", audited.GetProperty("Target").GetString());
        Assert.Equal(0, test.OAuth.TokenCalls);
    }

    [Fact]
    public async Task Wrong_client_authentication_fails_the_flow_and_stores_nothing()
    {
        await using var test = OAuthTestHost.Start(serverExpectsBasic: true, clientAuth: "client_secret_post");
        var (flowId, authorizeUrl) = await test.StartConnectAsync("t1", "alice");
        var state = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query)["state"].ToString();

        using var callback = await test.CallbackAsync($"?code={test.OAuth.Approve(authorizeUrl)}&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal(1, test.OAuth.TokenCalls);
        Assert.Null(await test.StoredAsync("t1", "alice"));

        using var poll = test.Management(HttpMethod.Get, $"/v1/connections/flows/{flowId}", "t1", "alice");
        using var response = await test.Host.Client.SendAsync(poll);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("failed", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Client_secret_post_is_used_when_configured()
    {
        await using var test = OAuthTestHost.Start(serverExpectsBasic: false, clientAuth: "client_secret_post");
        var (_, authorizeUrl) = await test.StartConnectAsync("t1", "alice");
        var state = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query)["state"].ToString();

        using var callback = await test.CallbackAsync($"?code={test.OAuth.Approve(authorizeUrl)}&state={state}");

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.NotNull(await test.StoredAsync("t1", "alice"));
    }

    [Fact]
    public async Task Provider_error_fails_the_flow_without_echoing_input()
    {
        await using var test = OAuthTestHost.Start();
        var (flowId, authorizeUrl) = await test.StartConnectAsync("t1", "alice");
        var state = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query)["state"].ToString();

        using var callback = await test.CallbackAsync($"?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state={state}");
        var page = await callback.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.Equal(0, test.OAuth.TokenCalls);
        using var poll = test.Management(HttpMethod.Get, $"/v1/connections/flows/{flowId}", "t1", "alice");
        using var response = await test.Host.Client.SendAsync(poll);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Equal("access_denied", status.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Deleting_a_connection_revokes_the_refresh_token_and_removes_it()
    {
        await using var test = OAuthTestHost.Start();
        var (_, authorizeUrl) = await test.StartConnectAsync("t1", "alice");
        var state = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query)["state"].ToString();
        using (var callback = await test.CallbackAsync($"?code={test.OAuth.Approve(authorizeUrl)}&state={state}"))
        {
            Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        }

        var refreshToken = (await test.StoredAsync("t1", "alice"))!.RefreshToken!.Reveal();
        using var delete = test.Management(HttpMethod.Delete, "/v1/connections/mail", "t1", "alice");
        using var response = await test.Host.Client.SendAsync(delete);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, test.OAuth.RevokeCalls);
        Assert.Equal(refreshToken, test.OAuth.LastRevokedToken);
        Assert.Null(await test.StoredAsync("t1", "alice"));
        using var again = test.Management(HttpMethod.Delete, "/v1/connections/mail", "t1", "alice");
        using var second = await test.Host.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
    }
}
