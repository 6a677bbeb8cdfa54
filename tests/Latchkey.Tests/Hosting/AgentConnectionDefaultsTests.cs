using System.Net.Sockets;
using Latchkey.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Latchkey.Tests.Hosting;

public sealed class AgentConnectionDefaultsTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task Agent_connections_complete_inline_unless_switched_off(string? setting, bool expected)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        if (setting is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Latchkey:Kestrel:InlineCompletions"] = setting });
        }

        builder.Services.AddLatchkeyHosting();
        await using var app = builder.Build();
        app.MapGet("/probe", (HttpContext context) =>
            context.Features.Get<IConnectionSocketFeature>()?.Socket is Socket socket && InlineSocketCompletions.IsEnabled(socket)
                ? "inline"
                : "pooled");
        await app.StartAsync();

        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var answer = await client.GetStringAsync("/probe");

        Assert.Equal(expected ? "inline" : "pooled", answer);
        await app.StopAsync();
    }
}
