using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// A remote MCP server on loopback that is its own OAuth authorization server, as a vendor's hosted
/// MCP endpoint is: RFC 9728 protected resource metadata, RFC 8414 server metadata, authorize (PKCE)
/// and token endpoints, and <c>/mcp</c> (the official C# SDK) which answers 401 with a
/// <c>resource_metadata</c> challenge unless the token it issued is presented. Records every request.
/// </summary>
public sealed class FakeOAuthMcpServer : IAsyncDisposable
{
    public const string ClientId = "latchkey-mcp-client";
    public const string ClientSecret = "mcp-client-secret-8c2f";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Challenge, string Resource)> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _issued = new();

    private FakeOAuthMcpServer(WebApplication app) => _app = app;

    public string Origin { get; private set; } = string.Empty;

    public string Endpoint => Origin + "/mcp";

    /// <summary>The <c>resource</c> the protected resource metadata declares; null: <see cref="Endpoint"/>.</summary>
    public string? DeclaredResource { get; set; }

    /// <summary>When set, every metadata document answers this status instead.</summary>
    public int? MetadataStatus { get; set; }

    /// <summary>Every request: method, path and query, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The query strings of the authorize requests.</summary>
    public ConcurrentQueue<IQueryCollection> AuthorizeRequests { get; } = new();

    /// <summary>The token requests' forms.</summary>
    public ConcurrentQueue<IFormCollection> TokenRequests { get; } = new();

    /// <summary>The Authorization header of each request to <c>/mcp</c>.</summary>
    public ConcurrentQueue<string> McpAuthorizations { get; } = new();

    public ConcurrentQueue<string> ToolsCalled { get; } = new();

    public IReadOnlyCollection<string> IssuedTokens => _issued;

    public static async Task<FakeOAuthMcpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        FakeOAuthMcpServer? self = null;
        builder.Services.AddMcpServer().WithHttpTransport().WithTools(
        [
            McpServerTool.Create((string repo) =>
            {
                self!.ToolsCalled.Enqueue("list_issues");
                return $"[{{\"number\":7,\"repo\":\"{repo}\"}}]";
            }, new McpServerToolCreateOptions { Name = "list_issues" }),
        ]);
        var app = builder.Build();
        self = new FakeOAuthMcpServer(app);
        app.Use(async (context, next) =>
        {
            self.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            await next(context);
        });
        app.MapGet("/.well-known/oauth-protected-resource/mcp", self.ResourceMetadata);
        app.MapGet("/.well-known/oauth-authorization-server/as", self.ServerMetadata);
        app.MapGet("/as/authorize", self.Authorize);
        app.MapPost("/as/token", (Func<HttpContext, Task<IResult>>)self.TokenAsync);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/mcp"))
            {
                var authorization = context.Request.Headers.Authorization.ToString();
                self.McpAuthorizations.Enqueue(authorization);
                if (!self._issued.Any(token => authorization == "Bearer " + token))
                {
                    // The challenge names a metadata URL Latchkey must never follow from the data plane.
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = $"Bearer resource_metadata=\"{self.Origin}/attacker-metadata\"";
                    return;
                }
            }

            await next(context);
        });
        app.MapMcp("/mcp");
        await app.StartAsync();
        self.Origin = app.Urls.First();
        return self;
    }

    private IResult ResourceMetadata() => MetadataStatus is { } status
        ? Results.StatusCode(status)
        : Results.Json(new Dictionary<string, object>
        {
            ["resource"] = DeclaredResource ?? Endpoint,
            ["authorization_servers"] = new[] { Origin + "/as" },
            ["bearer_methods_supported"] = new[] { "header" },
        });

    private IResult ServerMetadata() => MetadataStatus is { } status
        ? Results.StatusCode(status)
        : Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Origin + "/as",
            ["authorization_endpoint"] = Origin + "/as/authorize",
            ["token_endpoint"] = Origin + "/as/token",
            ["response_types_supported"] = new[] { "code" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        });

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        AuthorizeRequests.Enqueue(query);
        var code = "code-" + Guid.NewGuid().ToString("N");
        _codes[code] = (query["code_challenge"].ToString(), query["resource"].ToString());
        return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"].ToString())}");
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        TokenRequests.Enqueue(form);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        var verifier = form["code_verifier"].ToString();
        if (context.Request.Headers.Authorization.ToString() != "Basic " + basic
            || !_codes.TryRemove(form["code"].ToString(), out var granted)
            || granted.Challenge != Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            || granted.Resource != form["resource"].ToString())
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var token = "mcp-at-" + Guid.NewGuid().ToString("N");
        _issued.Enqueue(token);
        return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 3600, scope = "issues.read" });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
