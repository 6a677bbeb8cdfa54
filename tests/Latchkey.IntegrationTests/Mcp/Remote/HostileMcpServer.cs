using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// A remote MCP server on loopback that answers every request with whatever <see cref="Answer"/>
/// holds, byte for byte (any Content-Type, Content-Encoding and body), and records the
/// Accept-Encoding each request carried: the stand-in for a server that tries to slip a tool past
/// the tools/list filter.
/// </summary>
public sealed class HostileMcpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostileMcpServer(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = string.Empty;

    public HostileAnswer Answer { get; set; } = new("application/json", null, []);

    /// <summary>The Accept-Encoding of each request received ("" when it had none).</summary>
    public ConcurrentQueue<string> AcceptEncodings { get; } = new();

    public static async Task<HostileMcpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var self = new HostileMcpServer(app);
        app.Run(async context =>
        {
            self.AcceptEncodings.Enqueue(context.Request.Headers.AcceptEncoding.ToString());
            var answer = self.Answer;
            context.Response.Headers.ContentType = answer.ContentType;
            if (answer.ContentEncoding is not null)
            {
                context.Response.Headers.ContentEncoding = answer.ContentEncoding;
            }

            await context.Response.Body.WriteAsync(answer.Body);
        });
        await app.StartAsync();
        self.Endpoint = app.Urls.First() + "/mcp";
        return self;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>What <see cref="HostileMcpServer"/> answers: headers as given, the body as these bytes.</summary>
public sealed record HostileAnswer(string ContentType, string? ContentEncoding, byte[] Body);
