using System.Text;
using System.Text.Json;
using Latchkey.Config;
using Latchkey.DataPlane;
using Latchkey.Hosting;
using Latchkey.Providers;
using Latchkey.Rules;
using Latchkey.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.Tests.DataPlane;

/// <summary>
/// A <see cref="DefaultHttpContext"/> set up as the data plane's steps find it (request outcome,
/// agent request and session features), a <c>next</c> that records whether it ran, and readers
/// for the contract's error body: how the step unit tests drive one step, as YARP tests its middleware.
/// </summary>
internal sealed class StepContext
{
    public const string Provider = "mail";

    public StepContext(string method = "GET", string upstreamPath = "/gmail/v1/users/me/messages/1", string query = "")
    {
        Http = new DefaultHttpContext();
        Http.Request.Method = method;
        Http.Request.Path = "/" + Provider + upstreamPath;
        Http.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        Http.Response.Body = new MemoryStream();
        Http.Features.Set(new RequestOutcomeFeature("req-1"));
        AgentRequest = new AgentRequestFeature { Provider = Provider, UpstreamPath = upstreamPath, Query = query };
        Http.Features.Set(AgentRequest);
        Next = context =>
        {
            NextRan = true;
            return Task.CompletedTask;
        };
    }

    public DefaultHttpContext Http { get; }

    public AgentRequestFeature AgentRequest { get; }

    public RequestDelegate Next { get; }

    public bool NextRan { get; private set; }

    public int Status => Http.Response.StatusCode;

    /// <summary>The error code the step recorded for the audit event, null when it wrote none.</summary>
    public string? ErrorCode => Http.Features.GetRequiredFeature<RequestOutcomeFeature>().ErrorCode;

    public static ProviderDefinition MailProvider { get; } = new() { Name = Provider, Upstream = new Uri("https://gmail.example.test") };

    public static SessionRecord Session(params string[] scopes) => new()
    {
        Id = "ses_1",
        TokenHash = "hash",
        Tenant = "t1",
        UserId = "alice",
        AgentId = "bot",
        Scopes = scopes.ToHashSet(StringComparer.Ordinal),
        CreatedAt = DateTimeOffset.UtcNow,
        ExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
    };

    public static ConfigSnapshot Policy(RulesMode mode, params RuleDefinition[] rules) =>
        new() { Providers = new Dictionary<string, ProviderDefinition> { [Provider] = MailProvider }, Rules = rules, Version = "test", RulesMode = mode };

    /// <summary>Binds the provider, policy and session as the earlier steps would.</summary>
    public StepContext WithSession(ConfigSnapshot? policy = null, params string[] scopes)
    {
        AgentRequest.Config = policy ?? Policy(RulesMode.Enforce);
        AgentRequest.ProviderDefinition = MailProvider;
        var session = Session(scopes);
        Http.Features.Set(new AgentSessionFeature(session));
        AgentRequest.Session = session;
        return this;
    }

    public StepContext WithBody(string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        Http.Request.ContentType = contentType;
        Http.Request.ContentLength = bytes.Length;
        Http.Request.Body = new MemoryStream(bytes);
        return this;
    }

    /// <summary>The response's JSON body (the contract's error shape), or an empty object.</summary>
    public JsonElement Body()
    {
        var bytes = ((MemoryStream)Http.Response.Body).ToArray();
        return bytes.Length == 0 ? JsonDocument.Parse("{}").RootElement : JsonDocument.Parse(bytes).RootElement;
    }
}
