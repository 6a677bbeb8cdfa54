using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>Hosts the real app on Kestrel (loopback, free port) with per-test settings.</summary>
public sealed class LatchkeyFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _contentRoot;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="port">0 for a free port; a fixed one when <c>Latchkey:PublicUrl</c> must name it.</param>
    public LatchkeyFactory(string contentRoot, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null, int port = 0)
    {
        _contentRoot = contentRoot;
        _settings = settings;
        _services = services;
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

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}
