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
/// and token endpoints, optionally RFC 7591 dynamic registration, and <c>/mcp</c> (the official C# SDK)
/// which answers 401 with a <c>resource_metadata</c> challenge unless the token it issued is presented.
/// Records every request.
/// </summary>
public sealed class FakeOAuthMcpServer : IAsyncDisposable
{
    public const string ClientId = "latchkey-mcp-client";
    public const string ClientSecret = "mcp-client-secret-8c2f";

    /// <summary>The secret of every client the registration endpoint issues (when its method needs one).</summary>
    public const string RegisteredSecret = "dyn-registered-secret-5d0a";

    /// <summary>What a refusing registration endpoint puts in its error body: Latchkey must never echo it.</summary>
    public const string RefusalSecret = "refusal-detail-sk-93b1";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Challenge, string Resource)> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _issued = new();
    private readonly ConcurrentDictionary<string, string> _registered = new(StringComparer.Ordinal);

    private FakeOAuthMcpServer(WebApplication app) => _app = app;

    public string Origin { get; private set; } = string.Empty;

    public string Endpoint => Origin + "/mcp";

    /// <summary>The <c>resource</c> the protected resource metadata declares; null: <see cref="Endpoint"/>.</summary>
    public string? DeclaredResource { get; set; }

    /// <summary>When set, every metadata document answers this status instead.</summary>
    public int? MetadataStatus { get; set; }

    /// <summary>When set, the server metadata names <c>/as/register</c> and these token endpoint methods.</summary>
    public string[]? RegistrationAuthMethods { get; set; }

    /// <summary>When set, the registration endpoint answers this status with an error body instead.</summary>
    public int? RegistrationStatus { get; set; }

    /// <summary>The JSON bodies the registration endpoint received.</summary>
    public ConcurrentQueue<string> Registrations { get; } = new();

    /// <summary>The client ids the registration endpoint issued, in order.</summary>
    public IReadOnlyCollection<string> RegisteredClientIds => [.. _registered.Keys];

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
        app.MapPost("/as/register", (Func<HttpContext, Task<IResult>>)self.RegisterAsync);
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

    private IResult ServerMetadata()
    {
        if (MetadataStatus is { } status)
        {
            return Results.StatusCode(status);
        }

        var metadata = new Dictionary<string, object>
        {
            ["issuer"] = Origin + "/as",
            ["authorization_endpoint"] = Origin + "/as/authorize",
            ["token_endpoint"] = Origin + "/as/token",
            ["response_types_supported"] = new[] { "code" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        };
        if (RegistrationAuthMethods is { } methods)
        {
            metadata["registration_endpoint"] = Origin + "/as/register";
            metadata["token_endpoint_auth_methods_supported"] = methods;
        }

        return Results.Json(metadata);
    }

    private async Task<IResult> RegisterAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Registrations.Enqueue(body);
        if (RegistrationStatus is { } status)
        {
            return Results.Json(new { error = "invalid_client_metadata", error_description = "rejected: " + RefusalSecret }, statusCode: status);
        }

        using var metadata = System.Text.Json.JsonDocument.Parse(body);
        var method = metadata.RootElement.GetProperty("token_endpoint_auth_method").GetString()!;
        var clientId = "dyn-client-" + Guid.NewGuid().ToString("N")[..8];
        _registered[clientId] = method;
        return method == "none"
            ? Results.Json(new { client_id = clientId, token_endpoint_auth_method = method }, statusCode: StatusCodes.Status201Created)
            : Results.Json(new { client_id = clientId, client_secret = RegisteredSecret, client_secret_expires_at = 0, token_endpoint_auth_method = method },
                statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The configured client by HTTP Basic, or a registered one as it registered: its id in the form (none) or Basic.</summary>
    private bool IsClientAuthenticated(HttpContext context, IFormCollection form)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var configured = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        if (authorization == "Basic " + configured)
        {
            return true;
        }

        return _registered.Any(client => client.Value == "none"
            ? authorization.Length == 0 && form["client_id"] == client.Key
            : authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client.Key}:{RegisteredSecret}")));
    }

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
        var verifier = form["code_verifier"].ToString();
        if (!IsClientAuthenticated(context, form)
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
