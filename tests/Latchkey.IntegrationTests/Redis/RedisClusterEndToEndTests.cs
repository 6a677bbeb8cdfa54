using System.Net;
using System.Net.Http.Headers;
using Latchkey.IntegrationTests.Connections;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.IntegrationTests.Redis;

/// <summary>The whole flow on a three-master Redis Cluster, through two instances.</summary>
public sealed class RedisClusterEndToEndTests
{
    [Fact]
    public async Task Connect_session_forward_and_revoke_work_on_a_redis_cluster()
    {
        await using var cluster = await RedisClusterProcess.StartAsync();
        using var oauth = new FakeOAuthServer();
        var variable = "LATCHKEY_IT_OAUTH_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, oauth.ClientSecret);
        var settings = new Dictionary<string, string?>
        {
            ["Latchkey:Redis"] = RedisInstances.WithSetupTolerantDeadline(cluster.ConnectionString),
            ["Latchkey:PublicUrl"] = OAuthTestHost.PublicUrl,
        };
        await using var a = LatchkeyTestHost.Start(OAuthTestHost.ProvidersFor(oauth, variable), OAuthTestHost.Rules, settings: settings);
        await using var b = LatchkeyTestHost.Start(OAuthTestHost.ProvidersFor(oauth, variable), OAuthTestHost.Rules, settings: settings);
        var servedWhileInFlight = 0;
        try
        {
            // Several tenants and users, so keys land in different slots of the cluster.
            foreach (var (tenant, user) in new[] { ("t1", "alice"), ("t2", "bob"), ("t3", "carol") })
            {
                var browser = new ConnectBrowser();
                var (_, authorizeUrl) = await OAuthTestHost.StartConnectAsync(a, tenant, user, browser);
                var state = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query)["state"].ToString();
                using (var callback = await browser.GetAsync(b, $"/oauth/callback?code={oauth.Approve(authorizeUrl)}&state={state}"))
                {
                    Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
                }

                var session = await b.CreateSessionAsync(tenant, user, "bot", "email.send");
                using (var forwarded = await MultiInstanceTests.SendAsync(a, session.Token))
                {
                    Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
                }

                using (var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/v1/sessions/{session.Id}"))
                {
                    revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", b.Jwt.Issue(tenant, user));
                    using var revoked = await b.Client.SendAsync(revoke);
                    Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
                }

                // The revocation reaches A's cache over pub/sub within moments; never past a second.
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(1);
                while (true)
                {
                    using var after = await MultiInstanceTests.SendAsync(a, session.Token);
                    if (after.StatusCode != HttpStatusCode.OK || DateTime.UtcNow > deadline)
                    {
                        await ErrorAssert.IsErrorAsync(after, 401, "invalid_session");
                        break;
                    }

                    servedWhileInFlight++;
                }
            }

            Assert.Equal(3 + servedWhileInFlight, a.Upstream.Forwarded);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
