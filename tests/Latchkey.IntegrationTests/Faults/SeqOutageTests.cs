using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Latchkey.IntegrationTests.Faults;

/// <summary>
/// Seq goes away for a while under steady traffic and comes back: no request fails or slows
/// noticeably, and every audit event reaches Seq afterwards (at least once). The outage length
/// is a knob: <c>LATCHKEY_FAULT_SEQ_OUTAGE_SECONDS</c> (20 in the suite; run with 300 for the
/// "minutes" figure in docs/security.md).
/// </summary>
public sealed class SeqOutageTests
{
    private const int RequestPacingMs = 10;
    private readonly ITestOutputHelper _output;

    public SeqOutageTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Seq_outage_loses_no_audit_event_and_does_not_slow_requests()
    {
        var outage = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("LATCHKEY_FAULT_SEQ_OUTAGE_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : 20);
        using var seq = new RestartableSeq();
        await using var rig = await FaultRig.StartAsync(seq.Url, new Dictionary<string, string>
        {
            // Bounded retry interval so delivery resumes within seconds of Seq's return.
            ["Latchkey__Seq__MaxBackoff"] = "00:00:02",
        });
        var requestIds = new List<string>();

        // Warm-up, then a baseline of the same shape as the outage traffic.
        await RunAsync(rig, TimeSpan.FromSeconds(2), requestIds);
        var baseline = await RunAsync(rig, TimeSpan.FromSeconds(5), requestIds);

        var baselineEnd = requestIds.Count;
        seq.Stop();
        var during = await RunAsync(rig, outage, requestIds);
        var outageEnd = requestIds.Count;
        seq.Start();

        var watch = Stopwatch.StartNew();
        var expected = requestIds.ToHashSet(StringComparer.Ordinal);
        HashSet<string> delivered = [];
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            delivered = RequestIdsIn(seq).ToHashSet(StringComparer.Ordinal);
            if (expected.IsSubsetOf(delivered))
            {
                break;
            }

            await Task.Delay(250);
        }

        var catchUp = watch.Elapsed;
        var all = RequestIdsIn(seq).ToList();
        var duplicates = all.Count - all.Distinct(StringComparer.Ordinal).Count();
        var baselineP99 = Percentile(baseline, 0.99);
        var outageP99 = Percentile(during, 0.99);
        var culture = CultureInfo.InvariantCulture;
        var figures = string.Join("; ",
            string.Create(culture, $"seq outage {outage.TotalSeconds:F0} s: {requestIds.Count} requests"),
            string.Create(culture, $"baseline p50 {Percentile(baseline, 0.5):F2} ms p99 {baselineP99:F2} ms (n={baseline.Count})"),
            string.Create(culture, $"during outage p50 {Percentile(during, 0.5):F2} ms p99 {outageP99:F2} ms (n={during.Count})"),
            string.Create(culture, $"all delivered {catchUp.TotalSeconds:F1} s after Seq returned, duplicates {duplicates}"));
        _output.WriteLine(figures);
        Console.WriteLine(figures);

        var missing = requestIds.Select((id, index) => (id, index)).Where(p => !delivered.Contains(p.id)).Select(p => $"#{p.index} {p.id}").ToList();
        var shipperLines = rig.Process.Output.Split('\n').Where(l => l.Contains("\"Audit", StringComparison.Ordinal) || l.Contains("Seq", StringComparison.Ordinal)).Take(20);
        Assert.True(missing.Count == 0, $"{missing.Count} audit events never reached Seq (of {requestIds.Count}; outage from #{baselineEnd} to #{outageEnd}): {string.Join(", ", missing.Take(20))}\nshipper log:\n{string.Join('\n', shipperLines)}");
        Assert.Equal(requestIds.Count, expected.Count);

        var emitted = rig.Process.Output + string.Join('\n', seq.Events.Select(e => e.GetRawText()));
        Assert.DoesNotContain(rig.Token, emitted, StringComparison.Ordinal);
        Assert.DoesNotContain(Infrastructure.TestConfigs.TicketsKey, emitted, StringComparison.Ordinal);

        // Shipping must never sit on the request path: if it did, every request of the outage
        // would wait on the dead Seq, and the median would move, not only the tail. The median is
        // asserted (a p99 over a few hundred requests on two cores shared with parallel test
        // classes moves by tens of ms on its own); the p99 is printed above, and the latency
        // targets live in bench/.
        var baselineP50 = Percentile(baseline, 0.5);
        var outageP50 = Percentile(during, 0.5);
        Assert.True(outageP50 <= (baselineP50 * 2) + 5, FormattableString.Invariant($"p50 rose from {baselineP50:F2} ms to {outageP50:F2} ms during the outage"));
    }

    private static async Task<List<double>> RunAsync(FaultRig rig, TimeSpan duration, List<string> requestIds)
    {
        var latencies = new List<double>();
        var until = Stopwatch.StartNew();
        var n = 0;
        while (until.Elapsed < duration)
        {
            var watch = Stopwatch.StartNew();
            using var response = await rig.GetTicketAsync("SUP-" + n++.ToString(CultureInfo.InvariantCulture));
            await response.Content.ReadAsByteArrayAsync();
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            requestIds.Add(response.Headers.GetValues("Latchkey-Request-Id").Single());
            await Task.Delay(RequestPacingMs);
        }

        return latencies;
    }

    private static IEnumerable<string> RequestIdsIn(RestartableSeq seq) =>
        seq.Events
            .Where(e => e.TryGetProperty("EventType", out var type) && type.GetString() == "latchkey.request")
            .Select(e => e.GetProperty("RequestId").GetString()!);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
