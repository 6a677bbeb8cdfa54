using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Approvals;

/// <summary>
/// An approval is for exactly the request the human saw: provider, rule, method, path, query,
/// Content-Type (boundary included), Content-Encoding and body. Anything else is a mismatch.
/// </summary>
public sealed class ApprovalBindingTests : IAsyncLifetime
{
    private const string Multipart = "--AAA\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n--AAA--\r\n";

    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(GithubApprovalConfig.Providers, GithubApprovalConfig.Rules, withSeq: false);
        _session = await _host.CreateSessionAsync("acme", "alice", "bot", GithubApprovalConfig.Scope);
        await _host.SeedUserTokenAsync("acme", "alice", "gh", "gho_first");
        await _host.SeedUserTokenAsync("acme", "alice", "gh2", "gho_second");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Approval_granted_on_one_provider_cannot_be_redeemed_on_another()
    {
        var approvalId = await HoldAndApproveAsync(() => Json("/gh/repos/o/r/issues"));

        using var other = await SendAsync(Json("/gh2/repos/o/r/issues"), approvalId);

        await ErrorAssert.IsErrorAsync(other, 409, "approval_mismatch");
        Assert.Empty(_host.Upstream.Received);
        using var own = await SendAsync(Json("/gh/repos/o/r/issues"), approvalId);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Approval_is_refused_once_the_request_falls_under_another_rule()
    {
        var approvalId = await HoldAndApproveAsync(() => Json("/gh/repos/o/r/issues"));

        await File.WriteAllTextAsync(Path.Combine(_host.ConfigDir, "rules.yaml"), GithubApprovalConfig.Rules.Replace("id: gh.issues.create", "id: gh.issues.create.v2", StringComparison.Ordinal));
        await WaitUntilHeldByRuleAsync("gh.issues.create.v2");
        using var redeemed = await SendAsync(Json("/gh/repos/o/r/issues"), approvalId);

        await ErrorAssert.IsErrorAsync(redeemed, 409, "approval_mismatch");
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Same_multipart_bytes_with_another_boundary_are_a_mismatch()
    {
        var approvalId = await HoldAndApproveAsync(() => Raw(Multipart, "multipart/form-data; boundary=AAA"));

        using var otherBoundary = await SendAsync(Raw(Multipart, "multipart/form-data; boundary=BBB"), approvalId);

        // The bytes do not parse as a form under the other boundary, so the form check (the
        // _method guard) refuses it before the approval is even looked at; either refusal will do,
        // the fingerprint's own binding of Content-Type is ApprovalFingerprintTests'.
        var status = (int)otherBoundary.StatusCode;
        await ErrorAssert.IsErrorAsync(otherBoundary, status, status == 409 ? "approval_mismatch" : "ambiguous_path");
        Assert.True(status is 409 or 400, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(_host.Upstream.Received);
    }

    [Fact]
    public async Task Same_bytes_with_another_content_encoding_are_a_mismatch()
    {
        var gzipped = Gzip("payload");
        var approvalId = await HoldAndApproveAsync(() => Raw(gzipped, "text/plain", "gzip"));

        using var identity = await SendAsync(Raw(gzipped, "text/plain"), approvalId);
        using var deflate = await SendAsync(Raw(gzipped, "text/plain", "deflate"), approvalId);

        await ErrorAssert.IsErrorAsync(identity, 409, "approval_mismatch");
        await ErrorAssert.IsErrorAsync(deflate, 409, "approval_mismatch");
        Assert.Empty(_host.Upstream.Received);
        using var same = await SendAsync(Raw(gzipped, "text/plain", "gzip"), approvalId);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal("gzip", Assert.Single(_host.Upstream.Received).RequestMessage.Headers!["Content-Encoding"].Single());
    }

    private async Task<string> HoldAndApproveAsync(Func<HttpRequestMessage> request)
    {
        using var held = await _host.Client.SendAsync(Authorize(request()));
        var approvalId = (await ErrorAssert.IsErrorAsync(held, 202, "approval_required")).GetProperty("approval_id").GetString()!;
        using var decide = new HttpRequestMessage(HttpMethod.Post, $"/v1/approvals/{approvalId}/approve")
        {
            Content = JsonContent.Create(new { justification = "looked at it" }),
        };
        decide.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "alice"));
        using var decided = await _host.Client.SendAsync(decide);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        return approvalId;
    }

    /// <summary>Holds fresh requests until one is held by <paramref name="ruleId"/>: the reload has taken effect.</summary>
    private async Task WaitUntilHeldByRuleAsync(string ruleId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var held = await _host.Client.SendAsync(Authorize(Json("/gh/repos/o/r/issues")));
            var approvalId = JsonDocument.Parse(await held.Content.ReadAsStringAsync()).RootElement.GetProperty("approval_id").GetString();
            using var read = await _host.SendAsync(HttpMethod.Get, $"/v1/approvals/{approvalId}", _session.Token);
            if (JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("rule").GetString() == ruleId)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"rule {ruleId} never took effect");
            await Task.Delay(100);
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string approvalId)
    {
        request.Headers.Add("Latchkey-Approval", approvalId);
        return _host.Client.SendAsync(Authorize(request));
    }

    private HttpRequestMessage Authorize(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _session.Token);
        return request;
    }

    private static HttpRequestMessage Json(string path) =>
        new(HttpMethod.Post, path) { Content = new StringContent("{\"title\":\"hello\"}", Encoding.UTF8, "application/json") };

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static HttpRequestMessage Raw(string body, string contentType, string? contentEncoding = null) =>
        Raw(Encoding.UTF8.GetBytes(body), contentType, contentEncoding);

    private static HttpRequestMessage Raw(byte[] body, string contentType, string? contentEncoding = null)
    {
        var content = new ByteArrayContent(body);
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }

        return new HttpRequestMessage(HttpMethod.Post, "/gh/repos/o/r/issues") { Content = content };
    }
}
