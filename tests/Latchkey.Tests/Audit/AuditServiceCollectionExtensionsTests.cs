using Latchkey.Audit;
using Latchkey.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.Audit;

public sealed class AuditServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempRoot _temp = TempRoot.Create("latchkey-audit-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Host_starts_and_the_trail_writes_into_the_configured_buffer()
    {
        using var host = BuildHost(new() { ["Latchkey:Audit:BufferPath"] = "audit-buffer" });
        await host.StartAsync();

        var trail = host.Services.GetRequiredService<IAuditTrail>();
        Assert.True(trail.TryWrite(AuditTestData.Event(1)));
        Assert.True(trail.IsWritable);
        await host.StopAsync();

        var segment = Assert.Single(Directory.GetFiles(Path.Combine(_temp.Path, "audit-buffer"), "audit-*.clef"));
        Assert.Contains("req-00001", File.ReadAllText(segment), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_seq_url_stops_the_host_at_start()
    {
        using var host = BuildHost(new() { ["Latchkey:Seq:ServerUrl"] = "not a url" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Latchkey:Seq:ServerUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_instance_on_the_same_buffer_path_fails_at_start()
    {
        using var first = BuildHost([]);
        await first.StartAsync();
        using var second = BuildHost([]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync());

        Assert.Contains("Latchkey:Audit:BufferPath", error.Message, StringComparison.Ordinal);
        await first.StopAsync();
    }

    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _temp.Path });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLatchkeyAudit(builder.Configuration);
        return builder.Build();
    }
}
