using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// A remote MCP server on loopback, built with the official C# SDK (Streamable HTTP, stateful, so
/// <c>Mcp-Session-Id</c> is used): tools list_issues, create_issue, close_issue, delete_repo, secret_tool and
/// slow_progress (sends a progress notification, then waits for <see cref="Release"/>). Records
/// every request it receives: method, query, each header value and body.
/// </summary>
public sealed class FakeRemoteMcpServer : IAsyncDisposable
{
    public const string Token = "remote-oauth-token-5d1e";

    private readonly WebApplication _app;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeRemoteMcpServer(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = string.Empty;

    public ConcurrentQueue<ReceivedMcpRequest> Received { get; } = new();

    public ConcurrentQueue<string> ToolsCalled { get; } = new();

    public static async Task<FakeRemoteMcpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        FakeRemoteMcpServer? self = null;
        builder.Services.AddMcpServer()
            .WithHttpTransport()
            .WithTools(
            [
                McpServerTool.Create((string owner, string repo) => Called(self!, "list_issues", $"[{{\"number\":1,\"repo\":\"{owner}/{repo}\"}}]"),
                    new McpServerToolCreateOptions { Name = "list_issues" }),
                McpServerTool.Create((string repo, string title) => Called(self!, "create_issue", "created " + title),
                    new McpServerToolCreateOptions { Name = "create_issue" }),
                McpServerTool.Create((string repo, int number) => Called(self!, "close_issue", $"closed {repo}#{number}"),
                    new McpServerToolCreateOptions { Name = "close_issue" }),
                McpServerTool.Create((string repo) => Called(self!, "delete_repo", "deleted"), new McpServerToolCreateOptions { Name = "delete_repo" }),
                McpServerTool.Create(() => Called(self!, "secret_tool", "secret"), new McpServerToolCreateOptions { Name = "secret_tool" }),
                McpServerTool.Create(async (IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken) =>
                {
                    Called(self!, "slow_progress", string.Empty);
                    progress.Report(new ProgressNotificationValue { Progress = 1, Total = 2, Message = "half way" });
                    await self!._release.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                    return "done";
                }, new McpServerToolCreateOptions { Name = "slow_progress" }),
            ]);
        var app = builder.Build();
        self = new FakeRemoteMcpServer(app);
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            var body = await reader.ReadToEndAsync();
            context.Request.Body.Position = 0;
            self.Received.Enqueue(new ReceivedMcpRequest(
                context.Request.Method,
                context.Request.QueryString.Value ?? string.Empty,
                [.. context.Request.Headers.SelectMany(h => h.Value.Select(v => (h.Key, v ?? string.Empty)))],
                body));
            await next(context);
        });
        app.MapMcp("/mcp");
        await app.StartAsync();
        self.Endpoint = app.Urls.First() + "/mcp";
        return self;
    }

    /// <summary>Lets a waiting slow_progress call finish.</summary>
    public void Release() => _release.TrySetResult();

    public void Reset()
    {
        Received.Clear();
        ToolsCalled.Clear();
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }

    private static string Called(FakeRemoteMcpServer self, string tool, string result)
    {
        self.ToolsCalled.Enqueue(tool);
        return result;
    }
}

/// <summary>One request as the fake remote MCP server received it.</summary>
public sealed record ReceivedMcpRequest(string Method, string Query, IReadOnlyList<(string Name, string Value)> Headers, string Body)
{
    public string? Authorization => Headers.FirstOrDefault(h => string.Equals(h.Name, "Authorization", StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Where a session token (<c>lk_</c>) appears in what the server received.</summary>
    public IEnumerable<string> SessionTokenSightings =>
        Headers.Where(h => h.Value.Contains("lk_", StringComparison.Ordinal)).Select(h => "header " + h.Name)
            .Concat(Query.Contains("lk_", StringComparison.Ordinal) ? ["query"] : [])
            .Concat(Body.Contains("lk_", StringComparison.Ordinal) ? ["body"] : []);
}
