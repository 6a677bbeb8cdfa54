using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Admin;

/// <summary>
/// The OpenAPI document at /v1/openapi.json lists exactly the management API's endpoints, with
/// their auth and error shapes, and equals the reviewed copy in docs/openapi.json.
/// </summary>
public sealed class ManagementOpenApiTests : IAsyncLifetime
{
    private const string DocumentPath = "/v1/openapi.json";

    /// <summary>Set to 1 to rewrite docs/openapi.json from the app (then review the diff).</summary>
    private const string UpdateVariable = "LATCHKEY_UPDATE_OPENAPI";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private LatchkeyTestHost _host = null!;

    public Task InitializeAsync()
    {
        TestConfigs.EnsureEnvironment();
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, withSeq: false);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Document_is_served_without_a_token_and_names_no_server()
    {
        using var response = await _host.Client.GetAsync(DocumentPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(document["servers"]);
    }

    [Fact]
    public async Task Every_management_endpoint_is_in_the_document_and_nothing_else()
    {
        var endpoints = _host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } route && route.StartsWith("/v1/", StringComparison.Ordinal))
            .Where(e => !IsOutsideTheApi(e.RoutePattern.RawText!))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        var document = await GetDocumentAsync();
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(op => Methods.Contains(op.Key)).Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.Equal(endpoints, documented);
    }

    [Theory]
    [InlineData("/v1/sessions")]
    [InlineData("/v1/sessions/")]
    [InlineData("/v1/approvals/")]
    [InlineData("/v1/connections/")]
    public async Task Collection_routes_answer_with_and_without_a_trailing_slash(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _host.Jwt.Issue("acme", "alice"));

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_operation_needs_a_bearer_token_and_describes_its_refusals_with_the_error_body()
    {
        var document = await GetDocumentAsync();

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(op => Methods.Contains(op.Key)))
            {
                var name = $"{method} {path}";
                var security = operation!["security"]!.AsArray().Select(r => r!.AsObject().Single().Key).ToList();
                Assert.Contains("management", security);
                var responses = operation["responses"]!.AsObject();
                Assert.True(responses.ContainsKey("401"), $"{name}: no 401");
                Assert.Contains(responses, r => r.Key.StartsWith('2'));
                foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                {
                    Assert.Equal("#/components/schemas/Error", response!["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>());
                    Assert.False(string.IsNullOrEmpty(response["description"]?.GetValue<string>()), $"{name} {status}: no description");
                }
            }
        }

        Assert.Equal(["management", "agentSession"], document["paths"]!["/v1/approvals/{id}"]!["get"]!["security"]!.AsArray().Select(r => r!.AsObject().Single().Key));
    }

    [Fact]
    public async Task Schemas_use_the_wire_names_of_the_management_json()
    {
        var schemas = (await GetDocumentAsync())["components"]!["schemas"]!;

        Assert.Equal(
            ["agent_id", "scopes", "ttl_seconds", "user_id"],
            schemas["CreateSessionRequest"]!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Contains("expires_at", schemas["CreatedSessionResponse"]!["properties"]!.AsObject().Select(p => p.Key));
        var ttl = schemas["CreateSessionRequest"]!["properties"]!["ttl_seconds"]!;
        Assert.DoesNotContain("string", ttl["type"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["flow_id", "authorize_url"], schemas["ConnectFlowStart"]!["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Document_shows_no_data_plane_route_page_or_secret()
    {
        var text = (await GetDocumentAsync()).ToJsonString();
        var document = JsonNode.Parse(text)!;

        Assert.All(document["paths"]!.AsObject(), path => Assert.StartsWith("/v1/", path.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(document["paths"]!.AsObject(), path => path.Key.StartsWith("/v1/ui", StringComparison.Ordinal));
        Assert.DoesNotContain(_host.Jwt.Base64Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Upstream.Url, text, StringComparison.Ordinal);
        Assert.DoesNotContain("/mcp", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/oauth/", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checked_in_copy_equals_the_generated_document()
    {
        var generated = (await GetDocumentAsync()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var copy = Path.Combine(RepoPaths.Root, "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(copy, generated);
        }

        Assert.True(File.Exists(copy), $"docs/openapi.json is missing: run this test with {UpdateVariable}=1");
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(copy)), JsonNode.Parse(generated)),
            $"docs/openapi.json differs from the API: run this test with {UpdateVariable}=1 and review the diff");
    }

    // The browser pages under /v1/ui are HTML (docs/contract.md), the catch-all is the reserved
    // segment's JSON 404, and the document does not describe itself.
    // Slack's button callback is signed by Slack, not called with a management token: not part of the API document.
    private static bool IsOutsideTheApi(string route) =>
        route.StartsWith("/v1/ui/", StringComparison.Ordinal) || route.Contains("{**", StringComparison.Ordinal) || route == DocumentPath
        || route == "/v1/approvals/slack/actions";

    private async Task<JsonNode> GetDocumentAsync()
    {
        using var response = await _host.Client.GetAsync(DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
