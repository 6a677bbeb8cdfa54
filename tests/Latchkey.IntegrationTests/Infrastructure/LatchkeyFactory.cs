using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>Hosts the real app on Kestrel (loopback, free port) with per-test settings.</summary>
public sealed class LatchkeyFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _contentRoot;

    /// <param name="port">0 for a free port; a fixed one when <c>Latchkey:PublicUrl</c> must name it.</param>
    public LatchkeyFactory(string contentRoot, IReadOnlyDictionary<string, string?> settings, int port = 0)
    {
        _contentRoot = contentRoot;
        _settings = settings;
        UseKestrel(port);
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
