using Latchkey.Credentials;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Latchkey.Demo;

/// <summary>Once the server listens: connects the demo user, creates a session and prints how to try it.</summary>
internal sealed class DemoSeeder : IHostedService
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ITokenVault _vault;
    private readonly SessionService _sessions;
    private readonly IServer _server;
    private readonly DemoMode _demo;

    public DemoSeeder(IHostApplicationLifetime lifetime, ITokenVault vault, SessionService sessions, IServer server, DemoMode demo)
    {
        _lifetime = lifetime;
        _vault = vault;
        _sessions = sessions;
        _server = server;
        _demo = demo;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lifetime.ApplicationStarted.Register(() => _ = SeedAndPrintAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAndPrintAsync()
    {
        try
        {
            await _vault.StoreAsync(
                new ConnectionKey(DemoMode.Tenant, DemoMode.User, "mail"),
                new UserToken { AccessToken = new SecretValue(DemoMockProviders.UserMailToken), ConnectedAt = DateTimeOffset.UtcNow, Scopes = ["gmail.send", "gmail.readonly"] },
                CancellationToken.None);
            var created = await _sessions.CreateAsync(DemoMode.Tenant, DemoMode.User, "demo-agent", ["email.read", "tickets.read"], 24 * 3600, CancellationToken.None);
            var addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (addresses.FirstOrDefault(a => !DemoMode.IsLoopback(a)) is { } exposed)
            {
                // What was bound, whatever configured it: no token for a listener off loopback.
                await Console.Error.WriteLineAsync($"--demo listens on loopback only; {exposed} is not a loopback address.");
                _lifetime.StopApplication();
                return;
            }

            var baseUrl = addresses.FirstOrDefault() ?? "http://127.0.0.1:8080";
            var adminJwt = DemoJwt.Issue(_demo.SigningKey, DemoMode.Tenant, DemoMode.User, "latchkey.admin");

            // Printing the session token is the point of demo mode: it is a throwaway local token
            // for mock providers, on a loopback-only listener.
            await Console.Out.WriteAsync(DemoInstructions.Render(baseUrl.TrimEnd('/'), created.Session!.Token, adminJwt, _demo.DataDirectory));
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync("Demo setup failed: " + ex.GetType().Name);
            _lifetime.StopApplication();
        }
    }
}
