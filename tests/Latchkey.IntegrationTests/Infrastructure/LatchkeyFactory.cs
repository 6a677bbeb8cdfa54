using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>Hosts the real app on Kestrel (loopback, free port) with per-test settings.</summary>
public sealed class LatchkeyFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _contentRoot;

    public LatchkeyFactory(string contentRoot, IReadOnlyDictionary<string, string?> settings)
    {
        _contentRoot = contentRoot;
        _settings = settings;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(_contentRoot);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
