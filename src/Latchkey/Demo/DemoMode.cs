using System.Net;
using System.Security.Cryptography;

namespace Latchkey.Demo;

/// <summary>
/// <c>--demo</c>: the proxy plus local mock providers, a demo user whose connections are already
/// made, and a ready session, so Latchkey can be tried with curl and no accounts. Everything it
/// prints is throwaway and loopback-only.
/// </summary>
internal sealed class DemoMode : IAsyncDisposable
{
    public const string Flag = "--demo";
    public const string Tenant = "demo";
    public const string User = "demo-user";

    private readonly DemoMockProviders _mocks;

    private DemoMode(DemoMockProviders mocks, string dataDirectory, byte[] signingKey)
    {
        _mocks = mocks;
        DataDirectory = dataDirectory;
        SigningKey = signingKey;
    }

    public string DataDirectory { get; }

    public byte[] SigningKey { get; }

    public static bool IsRequested(string[] args) => args.Contains(Flag, StringComparer.Ordinal);

    public static string[] WithoutFlag(string[] args) => [.. args.Where(a => a != Flag)];

    public static async Task<DemoMode> StartAsync(string contentRoot)
    {
        var dataDirectory = Path.Combine(contentRoot, "data", "demo");
        var mocks = await DemoMockProviders.StartAsync();
        DemoConfigFiles.Write(Path.Combine(dataDirectory, "config"), mocks.BaseAddress);
        return new DemoMode(mocks, dataDirectory, RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>Points the host at the demo config and refuses settings the demo must never run with.</summary>
    public void Apply(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!string.IsNullOrWhiteSpace(builder.Configuration[Stores.StoreServiceCollectionExtensions.RedisConfigurationKey]))
        {
            throw new InvalidOperationException("--demo runs on the embedded store only: unset Latchkey:Redis.");
        }

        // Demo tokens are printed on the console: never expose them beyond this machine. Every
        // source of listening addresses counts (Kestrel's endpoints win over urls, and without
        // urls the *_ports settings bind every interface); DemoSeeder checks what was bound.
        var configuredUrls = builder.Configuration["urls"];
        var urls = string.IsNullOrWhiteSpace(configuredUrls) ? "http://127.0.0.1:8080" : configuredUrls;
        var endpoints = builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? string.Empty);
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Concat(endpoints))
        {
            RefuseUnlessLoopback(url);
        }

        if (string.IsNullOrWhiteSpace(configuredUrls)
            && (!string.IsNullOrWhiteSpace(builder.Configuration["http_ports"]) || !string.IsNullOrWhiteSpace(builder.Configuration["https_ports"])))
        {
            throw new InvalidOperationException("--demo listens on loopback only; HTTP_PORTS/HTTPS_PORTS bind every interface: pass --urls http://127.0.0.1:PORT.");
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Latchkey:ConfigDir"] = Path.Combine(DataDirectory, "config"),
            ["Latchkey:Audit:BufferPath"] = Path.Combine(DataDirectory, "audit"),
            ["Latchkey:Admin:SigningKey"] = Convert.ToBase64String(SigningKey),
            ["Latchkey:Admin:Authority"] = string.Empty,
            ["Latchkey:Seq:ServerUrl"] = string.Empty,
        });
        builder.Services.AddSingleton(this);
        builder.Services.AddHostedService<DemoSeeder>();
    }

    public ValueTask DisposeAsync() => _mocks.DisposeAsync();

    /// <summary>True when <paramref name="url"/> names a loopback host (<c>*</c> and <c>+</c> mean every interface).</summary>
    internal static bool IsLoopback(string url)
    {
        var wildcardFree = url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal);
        var host = Uri.TryCreate(wildcardFree, UriKind.Absolute, out var uri) ? uri.Host : string.Empty;
        return host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private static void RefuseUnlessLoopback(string url)
    {
        if (!IsLoopback(url))
        {
            throw new InvalidOperationException($"--demo listens on loopback only; {url} is not a loopback address.");
        }
    }
}
