using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// Latchkey in front of <see cref="HostileMcpServer"/> as the <c>kind: mcp</c> provider <c>remote</c>,
/// twice: with the default response echo scan and with <c>Forwarding:EchoScanBytes</c> 0 (which
/// changes what Accept-Encoding is forwarded). A rule allows <c>visible_tool</c>; nothing allows
/// <c>hidden_tool</c>. alice has connected the provider; bob has not.
/// </summary>
public sealed class HostileMcpRig : IAsyncLifetime
{
    private const string Providers = """
        providers:
          remote:
            kind: mcp
            upstream: {remote}
            allow_private_network: true
        """;

    private const string Rules = """
        rules:
          - id: remote.visible
            provider: remote
            tool: visible_tool
            action: allow
        """;

    public HostileMcpServer Remote { get; private set; } = null!;

    public LatchkeyTestHost Scanning { get; private set; } = null!;

    public LatchkeyTestHost NotScanning { get; private set; } = null!;

    public LatchkeyTestHost Host(bool echoScan) => echoScan ? Scanning : NotScanning;

    public async Task InitializeAsync()
    {
        Remote = await HostileMcpServer.StartAsync();
        Scanning = await StartHostAsync(new Dictionary<string, string?>());
        NotScanning = await StartHostAsync(new Dictionary<string, string?> { ["Latchkey:Forwarding:EchoScanBytes"] = "0" });
    }

    public async Task DisposeAsync()
    {
        await Scanning.DisposeAsync();
        await NotScanning.DisposeAsync();
        await Remote.DisposeAsync();
    }

    private async Task<LatchkeyTestHost> StartHostAsync(Dictionary<string, string?> settings)
    {
        var host = LatchkeyTestHost.Start(Providers.Replace("{remote}", Remote.Endpoint, StringComparison.Ordinal), Rules, withSeq: false, settings: settings);
        await host.SeedUserTokenAsync("acme", "alice", "remote", FakeRemoteMcpServer.Token);
        return host;
    }
}
