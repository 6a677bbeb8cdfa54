using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Latchkey.IntegrationTests.Sdks;

/// <summary>
/// Loopback stand-ins for the providers whose official SDKs the suite runs, one per path prefix
/// (<c>/openai</c>, <c>/anthropic</c>, <c>/github</c>, <c>/slack/api</c>, <c>/google</c>), each
/// answering in that provider's own shape. Every request is recorded with whether it carried the
/// credential Latchkey should inject and where, if anywhere, a session token (<c>lk_</c>) appeared.
/// A stream whose model is <c>hold-{key}</c> sends its first chunk and then holds the response
/// open until <see cref="Release"/> (or <c>POST /_control/release/{key}</c>) or a time limit.
/// </summary>
public sealed class FakeProviders : IAsyncDisposable
{
    public const string OpenAiKey = "sk-fake-openai-7d1e";
    public const string AnthropicKey = "sk-ant-fake-5c2a";
    public const string GithubToken = "gho_fake_3b9f";
    public const string SlackToken = "xoxb-fake-8e4d";
    public const string GoogleToken = "ya29.fake-2f6a";

    /// <summary>The GitHub repository id the pagination links name, as api.github.com's do.</summary>
    public const string GithubRepositoryId = "4242";

    private static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(15);
    private readonly ConcurrentQueue<FakeProviderRequest> _received = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holding = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _releasedByClient = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    private FakeProviders(WebApplication app)
    {
        _app = app;
        Url = app.Urls.First().TrimEnd('/');
    }

    public string Url { get; }

    public IReadOnlyList<FakeProviderRequest> Received => [.. _received];

    public static async Task<FakeProviders> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeProviders? fake = null;
        app.Run(context => fake!.HandleAsync(context));
        await app.StartAsync();
        fake = new FakeProviders(app);
        return fake;
    }

    /// <summary>The requests that reached one provider's stand-in.</summary>
    public IReadOnlyList<FakeProviderRequest> For(string provider) => [.. _received.Where(r => r.Provider == provider)];

    public void Reset()
    {
        _received.Clear();
        _releasedByClient.Clear();
    }

    /// <summary>True while a <c>hold-{key}</c> stream has sent its first chunk and is held open.</summary>
    public bool IsHolding(string key) => _holding.ContainsKey(key);

    /// <summary>Ends a hold; true if the stream was still being held (the client saw its first chunk early).</summary>
    public bool Release(string key)
    {
        if (!_holding.TryRemove(key, out var hold))
        {
            return false;
        }

        _releasedByClient[key] = true;
        hold.TrySetResult();
        return true;
    }

    /// <summary>True when the hold on <paramref name="key"/> ended by a release, not by its time limit.</summary>
    public bool WasReleasedByClient(string key) => _releasedByClient.ContainsKey(key);

    public async ValueTask DisposeAsync()
    {
        foreach (var hold in _holding.Values)
        {
            hold.TrySetResult();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/_control/release/", StringComparison.Ordinal))
        {
            await context.Response.WriteAsJsonAsync(new { held = Release(path["/_control/release/".Length..]) });
            return;
        }

        var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
        var provider = path.Split('/', 3, StringSplitOptions.None)[1];
        var (header, expected) = ExpectedCredential(provider);
        var credentialValid = context.Request.Headers[header].ToString() == expected;
        var headers = context.Request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty)));
        _received.Enqueue(new FakeProviderRequest(
            provider,
            context.Request.Method,
            path + context.Request.QueryString.Value,
            credentialValid,
            SessionTokenSightings.In(headers, context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget, body),
            body));

        if (!credentialValid)
        {
            await Json(context, HttpStatusCode.Unauthorized, FakeProviderResponses.Unauthorized(provider));
            return;
        }

        switch (provider)
        {
            case "openai" when path.EndsWith("/v1/chat/completions", StringComparison.Ordinal):
                await ChatAsync(context, body, FakeProviderResponses.OpenAiCompletion, FakeProviderResponses.OpenAiStream);
                break;
            case "anthropic" when path.EndsWith("/v1/messages", StringComparison.Ordinal):
                await ChatAsync(context, body, FakeProviderResponses.AnthropicMessage, FakeProviderResponses.AnthropicStream);
                break;
            case "github":
                await GithubIssuesAsync(context, path);
                break;
            case "slack":
                await Json(context, HttpStatusCode.OK, FakeProviderResponses.Slack(path, body));
                break;
            case "google":
                await Json(context, HttpStatusCode.OK, FakeProviderResponses.GmailMessages(context.Request.Query["pageToken"].ToString()));
                break;
            default:
                await Json(context, HttpStatusCode.NotFound, """{"error":"fake provider: no such route"}""");
                break;
        }
    }

    private static (string Header, string Value) ExpectedCredential(string provider) => provider switch
    {
        "openai" => ("Authorization", "Bearer " + OpenAiKey),
        "anthropic" => ("x-api-key", AnthropicKey),
        "github" => ("Authorization", "Bearer " + GithubToken),
        "slack" => ("Authorization", "Bearer " + SlackToken),
        "google" => ("Authorization", "Bearer " + GoogleToken),
        _ => ("Authorization", "\n(no provider here)"),
    };

    private async Task ChatAsync(HttpContext context, string body, string completion, (string First, string Then) stream)
    {
        using var request = JsonDocument.Parse(body);
        var model = request.RootElement.TryGetProperty("model", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        if (!(request.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True))
        {
            await Json(context, HttpStatusCode.OK, completion);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var key = model.StartsWith("hold-", StringComparison.Ordinal) ? model["hold-".Length..] : null;

        // Registered before the first chunk leaves, so a client that answers it at once finds the hold.
        var hold = key is null ? null : _holding.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await context.Response.WriteAsync(stream.First);
        await context.Response.Body.FlushAsync();
        if (hold is not null)
        {
            await Task.WhenAny(hold.Task, Task.Delay(HoldLimit, context.RequestAborted));
            _holding.TryRemove(key!, out _);
        }

        await context.Response.WriteAsync(stream.Then);
    }

    private async Task GithubIssuesAsync(HttpContext context, string path)
    {
        var page = int.TryParse(context.Request.Query["page"], out var p) ? p : 1;
        var paged = $"{Url}/github/repositories/{GithubRepositoryId}/issues?per_page=2&page=";
        var links = new List<string>();
        if (page < 3)
        {
            links.Add($"<{paged}{page + 1}>; rel=\"next\"");
            links.Add($"<{paged}3>; rel=\"last\"");
        }

        if (page > 1)
        {
            links.Add($"<{paged}{page - 1}>; rel=\"prev\"");
            links.Add($"<{paged}1>; rel=\"first\"");
        }

        context.Response.Headers["Link"] = string.Join(", ", links);
        await Json(context, path.EndsWith("/issues", StringComparison.Ordinal) ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            FakeProviderResponses.GithubIssues(page));
    }

    private static Task Json(HttpContext context, HttpStatusCode status, string json)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(json);
    }
}
