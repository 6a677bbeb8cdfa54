using System.Net;

namespace Latchkey.Demo;

/// <summary>
/// Local stand-ins for a Gmail-like mail API and a Jira-like ticket API, on loopback, for
/// <c>--demo</c>. They answer only when the credential Latchkey injected is the right one, so the
/// demo shows the swap really happened.
/// </summary>
internal sealed class DemoMockProviders : IAsyncDisposable
{
    public const string UserMailToken = "demo-user-mail-token";
    public const string TicketsAgentKey = "demo-tickets-agent-key";

    private static readonly string[] SentLabels = ["SENT"];

    private readonly WebApplication _app;

    private DemoMockProviders(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<DemoMockProviders> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();

        var mail = app.MapGroup("/mail").AddEndpointFilter(RequireHeader("Authorization", "Bearer " + UserMailToken));
        mail.MapPost("/gmail/v1/users/me/messages/send", () => Results.Json(new { id = "18c2f0demo", threadId = "18c2f0demo", labelIds = SentLabels }));
        mail.MapGet("/gmail/v1/users/me/messages", () => Results.Json(new
        {
            messages = new[] { new { id = "18c2a1", threadId = "18c2a1" }, new { id = "18c2b7", threadId = "18c2b7" } },
            resultSizeEstimate = 2,
        }));
        mail.MapGet("/gmail/v1/users/me/messages/{id}", (string id) => Results.Json(new { id, snippet = "Your quarterly report is attached." }));
        mail.MapGet("/gmail/v1/users/me/settings/filters", () => Results.Json(new { filter = Array.Empty<object>() }));

        var tickets = app.MapGroup("/tickets").AddEndpointFilter(RequireHeader("x-api-key", TicketsAgentKey));
        tickets.MapGet("/rest/api/3/issue/{key}", (string key) => Results.Json(new { key, fields = new { summary = "Printer on fire", status = new { name = "To Do" } } }));
        tickets.MapPost("/rest/api/3/issue", () => Results.Json(new { id = "10042", key = "SUP-42" }, statusCode: StatusCodes.Status201Created));
        tickets.MapPost("/rest/api/3/issue/{key}/comment", (string key) => Results.Json(new { id = "20001", issue = key, comment = "added" }, statusCode: StatusCodes.Status201Created));

        await app.StartAsync();
        var address = app.Urls.First();
        return new DemoMockProviders(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> RequireHeader(string header, string expected) =>
        async (context, next) => context.HttpContext.Request.Headers[header].ToString() == expected
            ? await next(context)
            : Results.Json(new { error = "unauthorized", message = "the mock provider did not receive the demo credential" }, statusCode: StatusCodes.Status401Unauthorized);
}
