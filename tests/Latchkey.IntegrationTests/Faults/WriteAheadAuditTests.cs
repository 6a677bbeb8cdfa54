using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Faults;

/// <summary>
/// No response leaves before its record does: the real process, killed with SIGKILL while
/// answers are in flight, a client that leaves mid-response, and requests Kestrel refuses
/// before Latchkey's code runs. Each reads the audit buffer on disk, as an auditor's Seq would get it.
/// </summary>
public sealed class WriteAheadAuditTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Requests_in_flight_at_kill_9_are_recorded_and_completed_as_outcome_unknown_at_restart()
    {
        using var upstream = new StallingUpstream();
        await using var rig = await FaultRig.StartAsync(null, providersYaml: TestConfigs.Providers.Replace("{upstream}", upstream.Url, StringComparison.Ordinal));

        // Eight agents each hold a 200 whose body is still streaming.
        var held = new List<(HttpResponseMessage Response, string RequestId)>();
        for (var i = 0; i < 8; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/tickets/rest/api/3/issue/SUP-{i}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", rig.Token);
            var response = await rig.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            held.Add((response, response.Headers.GetValues("Latchkey-Request-Id").Single()));
        }

        await rig.KillAndRestartAsync();

        var events = AuditBufferFiles.ReadEvents(rig.AuditPath);
        foreach (var (response, requestId) in held)
        {
            response.Dispose();
            var forward = Assert.Single(events, e => e.Text("RequestId") == requestId && e.Text("EventType") == "latchkey.forward");
            Assert.Equal("tickets", forward.Text("Provider"));
            Assert.Equal("tickets.read", forward.Text("RuleId"));
            Assert.Equal("agent", forward.Text("CredentialMode"));
            Assert.Equal("GET", forward.Text("Method"));
            var completion = Assert.Single(events, e => e.Text("RequestId") == requestId && e.Text("EventType") == "latchkey.request");
            Assert.Equal("unknown", completion.Text("Outcome"));
            Assert.Equal(forward.Text("SessionId"), completion.Text("SessionId"));
            Assert.Equal("/rest/api/3/issue/SUP-" + held.FindIndex(h => h.RequestId == requestId), completion.Text("Path"));
        }

        Assert.Contains("AuditInterruptedRequestsCompleted", rig.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_response_is_recorded_as_client_aborted_not_as_an_upstream_failure()
    {
        using var upstream = new StallingUpstream();
        await using var rig = await FaultRig.StartAsync(null, providersYaml: TestConfigs.Providers.Replace("{upstream}", upstream.Url, StringComparison.Ordinal));
        string requestId;
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/tickets/rest/api/3/issue/SUP-9"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", rig.Token);
            using var response = await rig.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            requestId = response.Headers.GetValues("Latchkey-Request-Id").Single();
            var body = await response.Content.ReadAsStreamAsync();
            _ = await body.ReadAsync(new byte[16]);
        }

        // Disposing the response mid-body closes the agent's connection.
        rig.Client.Dispose();
        var events = await AuditBufferFiles.WaitForAsync(rig.AuditPath,
            all => all.Any(e => e.Text("RequestId") == requestId && e.Text("EventType") == "latchkey.request"), Wait, "the completion");
        var completion = events.Single(e => e.Text("RequestId") == requestId && e.Text("EventType") == "latchkey.request");
        Assert.Equal("client_aborted", completion.Text("Outcome"));
        Assert.Equal("client_aborted", completion.Text("Reason"));
        Assert.Equal("allowed", completion.Text("Decision"));
    }

    [Theory]
    [InlineData("duplicate Content-Length", "POST /tickets/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", "invalid_request_headers")]
    [InlineData("chunked not final", "POST /tickets/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "other_error")]
    public async Task Requests_Kestrel_refuses_before_Latchkey_runs_leave_a_connection_level_record(string what, string raw, string reason)
    {
        await using var rig = await FaultRig.StartAsync(null);
        var answer = await RawHttp.SendRawAsync(rig.Process.BaseAddress, Encoding.ASCII.GetBytes(raw));
        Assert.True(answer.Status is 400, $"{what}: {answer.Head}");
        var events = await AuditBufferFiles.WaitForAsync(rig.AuditPath,
            all => all.Any(e => e.Text("EventType") == "latchkey.rejected"), Wait, what);
        var rejected = events.Single(e => e.Text("EventType") == "latchkey.rejected");
        Assert.Equal(reason, rejected.Text("Reason"));
        Assert.Equal("denied", rejected.Text("Decision"));
        Assert.Equal("127.0.0.1", rejected.Text("ClientIp"));
        Assert.Equal(32, rejected.Text("RequestId")!.Length);
    }

    [Fact]
    public async Task Oversized_request_headers_answered_431_by_Kestrel_leave_a_connection_level_record()
    {
        await using var rig = await FaultRig.StartAsync(null);
        var raw = "GET /tickets/x HTTP/1.1\r\nHost: a\r\nX-Big: " + new string('a', 64 * 1024) + "\r\n\r\n";
        var answer = await RawHttp.SendRawAsync(rig.Process.BaseAddress, Encoding.ASCII.GetBytes(raw));
        Assert.Equal(431, answer.Status);
        var events = await AuditBufferFiles.WaitForAsync(rig.AuditPath,
            all => all.Any(e => e.Text("EventType") == "latchkey.rejected"), Wait, "the 431");
        var rejected = events.Single(e => e.Text("EventType") == "latchkey.rejected");
        Assert.Equal("max_request_headers_total_size_exceeded", rejected.Text("Reason"));
        Assert.Equal(431, rejected.GetProperty("Status").GetInt32());
    }

    [Fact]
    public async Task On_a_filling_audit_volume_every_forwarded_request_has_its_record_and_the_rest_get_503()
    {
        using var volume = SmallVolume.Mount(2048);
        await using var rig = await FaultRig.StartAsync(null, SmallSegmentsOn(volume));
        volume.FillLeaving(24 * 1024);

        // Eight agents at once while the volume runs out: no request may be forwarded whose
        // record did not reach the disk first.
        var answered = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, string RequestId)>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            for (var i = 0; i < 40; i++)
            {
                using var response = await rig.GetTicketAsync($"W{worker}-{i}");
                answered.Add((response.StatusCode, response.Headers.GetValues("Latchkey-Request-Id").Single()));
            }
        }));

        var events = AuditBufferFiles.ReadEvents(volume.Path);
        var forwardRecords = events.Where(e => e.Text("EventType") == "latchkey.forward").Select(e => e.Text("RequestId")).ToHashSet();
        var ok = answered.Where(a => a.Status == HttpStatusCode.OK).ToList();
        Assert.NotEmpty(ok);
        Assert.Contains(answered, a => a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.All(answered, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, a.Status.ToString()));
        Assert.All(ok, a => Assert.Contains(a.RequestId, forwardRecords));
        Assert.Equal(forwardRecords.Count, rig.Upstream.Received.Count);
    }

    [Fact]
    public async Task A_full_audit_volume_resumes_only_once_a_segment_or_a_mebibyte_is_free_again()
    {
        using var volume = SmallVolume.Mount(2048);
        await using var rig = await FaultRig.StartAsync(null, SmallSegmentsOn(volume));
        volume.FillLeaving(16 * 1024);
        var full = false;
        for (var i = 0; i < 400 && !full; i++)
        {
            using var response = await rig.GetTicketAsync($"F{i}");
            full = response.StatusCode == HttpStatusCode.ServiceUnavailable;
        }

        Assert.True(full, "the audit volume never filled up");

        // Room for a few more lines but less than one segment (64 KiB here, under the 1 MiB bound):
        // the buffer stays closed through several of its once-a-second checks.
        volume.FreeUntil(40 * 1024);
        await Task.Delay(TimeSpan.FromSeconds(3));
        using (var stillFull = await rig.GetTicketAsync("below-threshold"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stillFull.StatusCode);
        }

        volume.FreeUntil(256 * 1024);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        HttpStatusCode status;
        do
        {
            await Task.Delay(250);
            using var response = await rig.GetTicketAsync("after-room");
            status = response.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("AuditBufferRecovered", rig.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_audit_volume_smaller_than_one_segment_is_refused_at_start_with_a_clear_message()
    {
        using var volume = SmallVolume.Mount(1024);
        var settings = new Dictionary<string, string> { ["Latchkey__Audit__BufferPath"] = volume.Path };
        var start = await Assert.ThrowsAsync<InvalidOperationException>(() => FaultRig.StartAsync(null, settings));
        Assert.Contains("less than one segment", start.Message, StringComparison.Ordinal);
        Assert.Contains("Latchkey:Audit:SegmentBytes", start.Message, StringComparison.Ordinal);
    }

    /// <summary>A buffer on <paramref name="volume"/> with 64 KiB segments, so that a 2 MiB volume holds many.</summary>
    private static Dictionary<string, string> SmallSegmentsOn(SmallVolume volume) => new()
    {
        ["Latchkey__Audit__BufferPath"] = volume.Path,
        ["Latchkey__Audit__SegmentBytes"] = "65536",
        ["Latchkey__Audit__RetainBytesWithoutSeq"] = "131072",
        ["Latchkey__Audit__MaxBufferBytes"] = "1048576",
    };
}
