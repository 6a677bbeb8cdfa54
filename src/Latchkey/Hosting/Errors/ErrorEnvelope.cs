using System.Text.Json;

namespace Latchkey.Hosting.Errors;

/// <summary>
/// The shape of a provider's error answers (providers.yaml <c>errors:</c>): the status and JSON
/// body that provider's own SDKs parse, carrying Latchkey's code, message, request id and extra
/// fields. A closed set, chosen per provider when the config is parsed; only
/// <see cref="ErrorResponseWriter"/> uses it.
/// </summary>
public abstract class ErrorEnvelope
{
    private static readonly JsonSerializerOptions ValueOptions = new(JsonSerializerDefaults.Web);

    private protected ErrorEnvelope(string name) => Name = name;

    /// <summary><c>{"error": code, "message", "request_id", ...extra}</c> with the contract's status.</summary>
    public static ErrorEnvelope Latchkey { get; } = new LatchkeyErrorEnvelope();

    public static ErrorEnvelope OpenAi { get; } = new OpenAiErrorEnvelope();

    public static ErrorEnvelope Anthropic { get; } = new AnthropicErrorEnvelope();

    public static ErrorEnvelope Slack { get; } = new SlackErrorEnvelope();

    public static ErrorEnvelope Google { get; } = new GoogleErrorEnvelope();

    public static ErrorEnvelope GitHub { get; } = new GitHubErrorEnvelope();

    /// <summary>Every envelope by its providers.yaml name.</summary>
    public static IReadOnlyDictionary<string, ErrorEnvelope> ByName { get; } =
        new[] { Latchkey, OpenAi, Anthropic, Slack, Google, GitHub }.ToDictionary(e => e.Name, StringComparer.Ordinal);

    /// <summary>The providers.yaml value naming this envelope.</summary>
    public string Name { get; }

    /// <summary>The status sent: the contract's, unless this provider's SDKs would misread or retry it.</summary>
    public virtual int StatusFor(in ErrorDetails details) => details.Status;

    /// <summary>Headers this provider's SDKs read from an error: the request id where they look for one.</summary>
    public void AddHeaders(IHeaderDictionary headers, in ErrorDetails details)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (RequestIdHeader is { } name && details.RequestId is { } id)
        {
            headers[name] = id;
        }
    }

    /// <summary>The response header this provider's SDKs read their request id from; null for none.</summary>
    private protected virtual string? RequestIdHeader => null;

    /// <param name="status">The status being sent (<see cref="StatusFor"/>).</param>
    public abstract void WriteBody(Utf8JsonWriter writer, in ErrorDetails details, int status);

    public override string ToString() => Name;

    /// <summary>
    /// <c>202 approval_required</c> reads as success to SDKs that parse the body as the API's
    /// result; a 403 makes it an error they surface, and none of them retries a 403.
    /// </summary>
    private protected static int RefusedStatus(in ErrorDetails details) =>
        details.Status == StatusCodes.Status202Accepted ? StatusCodes.Status403Forbidden : details.Status;

    /// <summary>The contract's fields as properties of the object being written: error, message, request_id, extras.</summary>
    private protected static void WriteContractFields(Utf8JsonWriter writer, in ErrorDetails details)
    {
        writer.WriteString("error", details.Code);
        writer.WriteString("message", details.Message);
        writer.WriteString("request_id", details.RequestId);
        WriteExtra(writer, details);
    }

    private protected static void WriteExtra(Utf8JsonWriter writer, in ErrorDetails details)
    {
        if (details.Extra is null)
        {
            return;
        }

        foreach (var (key, value) in details.Extra)
        {
            writer.WritePropertyName(key);
            JsonSerializer.Serialize(writer, value, ValueOptions);
        }
    }
}
