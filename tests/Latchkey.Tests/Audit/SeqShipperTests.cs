using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Latchkey.Audit;
using Latchkey.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.Audit;

public sealed class SeqShipperTests : IDisposable
{
    private readonly TempRoot _temp = TempRoot.Create("latchkey-audit-");
    private readonly FakeSeq _seq = new();
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose()
    {
        _seq.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Events_written_before_a_restart_are_shipped_exactly_once_in_order()
    {
        using (var before = CreateBuffer(segmentBytes: 2048))
        {
            Write(before, 0, 40);
        }

        using var buffer = CreateBuffer(segmentBytes: 2048);
        Assert.True(buffer.Snapshot().Segments.Count > 1);
        using var shipper = CreateShipper(buffer);
        await shipper.StartAsync(CancellationToken.None);
        Write(buffer, 40, 10);

        await AuditTestData.WaitUntilAsync(() => _seq.StoredLines.Count >= 50);
        await shipper.StopAsync(CancellationToken.None);

        Assert.Equal(AuditTestData.RequestIds(0, 50), _seq.StoredRequestIds);
    }

    [Fact]
    public async Task Shipped_segments_are_deleted_except_the_one_being_written()
    {
        using var buffer = CreateBuffer(segmentBytes: 2048);
        Write(buffer, 0, 30);
        using var shipper = CreateShipper(buffer);
        await shipper.StartAsync(CancellationToken.None);

        await AuditTestData.WaitUntilAsync(() => _seq.StoredLines.Count >= 30);
        await AuditTestData.WaitUntilAsync(() => buffer.Snapshot().Segments.Count == 1);
        await shipper.StopAsync(CancellationToken.None);

        Assert.Equal(buffer.Snapshot().Current, Assert.Single(buffer.Snapshot().Segments));
    }

    [Fact]
    public async Task A_new_shipper_after_a_restart_ships_nothing_twice()
    {
        using (var buffer = CreateBuffer())
        {
            Write(buffer, 0, 20);
            using var shipper = CreateShipper(buffer);
            await shipper.StartAsync(CancellationToken.None);
            await AuditTestData.WaitUntilAsync(() => _seq.StoredLines.Count >= 20);
            await shipper.StopAsync(CancellationToken.None);
        }

        Assert.True(File.Exists(Path.Combine(_temp.Path, ShipCheckpointStore.FileName)));
        using (var buffer = CreateBuffer())
        {
            using var shipper = CreateShipper(buffer);
            await shipper.StartAsync(CancellationToken.None);
            Write(buffer, 20, 1);
            await AuditTestData.WaitUntilAsync(() => _seq.StoredLines.Count >= 21);
            await shipper.StopAsync(CancellationToken.None);
        }

        Assert.Equal(AuditTestData.RequestIds(0, 21), _seq.StoredRequestIds);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Seq_outage_loses_nothing_and_never_slows_writers(bool throwInsteadOf503)
    {
        var down = true;
        _seq.Responder = _ => down
            ? throwInsteadOf503 ? throw new HttpRequestException("connection refused") : HttpStatusCode.ServiceUnavailable
            : HttpStatusCode.Created;
        using var buffer = CreateBuffer(segmentBytes: 4096);
        using var shipper = CreateShipper(buffer);
        await shipper.StartAsync(CancellationToken.None);

        var watch = Stopwatch.StartNew();
        Write(buffer, 0, 200);
        watch.Stop();
        await AuditTestData.WaitUntilAsync(() => _seq.Calls >= 3);
        Write(buffer, 200, 50);
        Assert.Empty(_seq.StoredLines);
        down = false;

        await AuditTestData.WaitUntilAsync(() => _seq.StoredLines.Count >= 250);
        await shipper.StopAsync(CancellationToken.None);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"200 writes took {watch.Elapsed} while Seq was down");
        Assert.Equal(AuditTestData.RequestIds(0, 250), _seq.StoredRequestIds);
        Assert.Single(_logs.Records, r => r.EventId.Id == 5003);
        Assert.Single(_logs.Records, r => r.EventId.Id == 5005);
    }

    [Fact]
    public async Task Api_key_header_and_clef_content_type_are_sent()
    {
        using var buffer = CreateBuffer();
        Write(buffer, 0, 1);
        using var shipper = CreateShipper(buffer, apiKey: "seq-key-123");
        await shipper.StartAsync(CancellationToken.None);

        await AuditTestData.WaitUntilAsync(() => _seq.StoredLines.Count >= 1);
        await shipper.StopAsync(CancellationToken.None);

        var request = Assert.Single(_seq.Requests);
        Assert.Equal(new Uri("http://seq.test/base/ingest/clef"), request.RequestUri);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(["seq-key-123"], request.Headers.GetValues(SeqIngestClient.ApiKeyHeader));
        Assert.Equal("application/vnd.serilog.clef", Assert.Single(_seq.ContentTypes));
        Assert.DoesNotContain(_logs.Records, r => r.Message.Contains("seq-key-123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_api_key_header_without_a_key()
    {
        using var buffer = CreateBuffer();
        Write(buffer, 0, 1);
        using var shipper = CreateShipper(buffer);
        await shipper.StartAsync(CancellationToken.None);

        await AuditTestData.WaitUntilAsync(() => _seq.StoredLines.Count >= 1);
        await shipper.StopAsync(CancellationToken.None);

        Assert.False(Assert.Single(_seq.Requests).Headers.Contains(SeqIngestClient.ApiKeyHeader));
    }

    [Fact]
    public async Task Batches_respect_BatchMaxEvents()
    {
        using var buffer = CreateBuffer();
        Write(buffer, 0, 25);
        using var shipper = CreateShipper(buffer, batchMaxEvents: 10);
        await shipper.StartAsync(CancellationToken.None);

        await AuditTestData.WaitUntilAsync(() => _seq.StoredLines.Count >= 25);
        await shipper.StopAsync(CancellationToken.None);

        Assert.Equal(3, _seq.Calls);
        Assert.Equal(AuditTestData.RequestIds(0, 25), _seq.StoredRequestIds);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    public async Task A_rejected_event_is_set_aside_and_shipping_continues(HttpStatusCode rejection)
    {
        const string poison = "req-00007";
        _seq.Responder = lines => lines.Any(l => l.Contains(poison, StringComparison.Ordinal)) ? rejection : HttpStatusCode.Created;
        using var buffer = CreateBuffer();
        Write(buffer, 0, 12);
        using var shipper = CreateShipper(buffer);
        await shipper.StartAsync(CancellationToken.None);

        await AuditTestData.WaitUntilAsync(() => _seq.StoredLines.Count >= 11);
        Write(buffer, 12, 1);
        await AuditTestData.WaitUntilAsync(() => _seq.StoredLines.Count >= 12);
        await shipper.StopAsync(CancellationToken.None);

        Assert.Equal(AuditTestData.RequestIds(0, 13).Where(id => id != poison), _seq.StoredRequestIds);
        var rejected = Directory.GetFiles(Path.Combine(_temp.Path, RejectedEventStore.FolderName)).Single();
        var line = Assert.Single(File.ReadAllLines(rejected));
        Assert.Equal(poison, JsonDocument.Parse(line).RootElement.GetProperty("RequestId").GetString());
        Assert.Single(_logs.Records, r => r.EventId.Id == 5004);
        Assert.DoesNotContain(_logs.Records, r => r.EventId.Id == 5003);
    }

    [Fact]
    public async Task A_torn_tail_of_a_closed_segment_is_set_aside_not_shipped()
    {
        using (var before = CreateBuffer())
        {
            Write(before, 0, 2);
            var segment = before.Snapshot().Segments.Single();
            File.AppendAllText(before.PathOf(segment), "{\"@t\":\"2026-");
        }

        using var buffer = CreateBuffer();
        Write(buffer, 2, 1);
        using var shipper = CreateShipper(buffer);
        await shipper.StartAsync(CancellationToken.None);

        await AuditTestData.WaitUntilAsync(() => _seq.StoredLines.Count >= 3);
        await shipper.StopAsync(CancellationToken.None);

        Assert.Equal(AuditTestData.RequestIds(0, 3), _seq.StoredRequestIds);
        var rejected = Directory.GetFiles(Path.Combine(_temp.Path, RejectedEventStore.FolderName)).Single();
        Assert.Equal("{\"@t\":\"2026-\n", File.ReadAllText(rejected));
        Assert.Single(_logs.Records, r => r.EventId.Id == 5007);
    }

    [Fact]
    public void Without_seq_the_oldest_closed_segments_beyond_the_budget_are_deleted()
    {
        using var buffer = CreateBuffer(segmentBytes: 4096);
        Write(buffer, 0, 60);
        var before = buffer.Snapshot();
        Assert.True(before.Segments.Count >= 4);
        using var shipper = CreateShipper(buffer, serverUrl: "", retainBytes: 8192);

        shipper.ApplyRetention();

        var after = buffer.Snapshot();
        Assert.Equal(before.Segments.TakeLast(after.Segments.Count), after.Segments);
        Assert.Contains(before.Current!.Value, after.Segments);
        Assert.True(after.Segments.Sum(s => new FileInfo(buffer.PathOf(s)).Length) <= 8192);
        Assert.Equal(0, _seq.Calls);
    }

    private DurableAuditBuffer CreateBuffer(long segmentBytes = 1024 * 1024) =>
        new(_temp.Path, segmentBytes, TimeProvider.System, _logs.CreateLogger<DurableAuditBuffer>());

    private SeqShipper CreateShipper(
        DurableAuditBuffer buffer,
        string serverUrl = "http://seq.test/base/",
        string? apiKey = null,
        int batchMaxEvents = 500,
        long retainBytes = 256L * 1024 * 1024)
    {
        var seq = new SeqOptions
        {
            ServerUrl = serverUrl,
            ApiKey = apiKey,
            BatchMaxEvents = batchMaxEvents,
            MaxBackoff = TimeSpan.FromMilliseconds(50),
        };
        var audit = new AuditOptions { SegmentBytes = 4096, RetainBytesWithoutSeq = retainBytes };
        return new SeqShipper(Options.Create(seq), Options.Create(audit), buffer, _seq, TimeProvider.System, _logs.CreateLogger<SeqShipper>(), new Latchkey.Telemetry.AuditShippingLag(TimeProvider.System));
    }

    private static void Write(DurableAuditBuffer buffer, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            Assert.True(buffer.TryAppend(ClefFormatter.FormatLine(AuditTestData.Event(i))));
        }
    }
}
