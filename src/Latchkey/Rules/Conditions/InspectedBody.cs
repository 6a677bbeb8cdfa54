using System.Text.Json;

namespace Latchkey.Rules.Conditions;

/// <summary>
/// A request body as the conditions see it: one strict JSON document, or why it could not be read
/// (<see cref="StrictJsonBody"/>). Set on <c>HttpContext.Features</c> by the body inspection step
/// only for requests a body-reading rule could match; never judged as empty when unreadable.
/// </summary>
public sealed class InspectedBody : IDisposable
{
    private readonly JsonDocument? _document;
    private GraphQl.GraphQlRequest? _graphQl;

    private InspectedBody(JsonDocument? document, string? problem)
        : this(document, document?.RootElement ?? default, problem)
    {
    }

    private InspectedBody(JsonDocument? document, JsonElement root, string? problem)
    {
        _document = document;
        Root = root;
        Problem = problem;
    }

    /// <summary>No body was read: a rule that reads one cannot be evaluated (fail closed).</summary>
    public static InspectedBody NotRead { get; } = new(null, "the rule reads the request body, which was not inspected");

    /// <summary>The document's root; meaningful only when <see cref="IsReadable"/>.</summary>
    public JsonElement Root { get; }

    /// <summary>Why the body cannot be judged: a fixed phrase that never echoes the body.</summary>
    public string? Problem { get; }

    public bool IsReadable => Problem is null;

    /// <summary>The body read as a GraphQL request, parsed once on first use (a request is judged on one thread).</summary>
    internal GraphQl.GraphQlRequest GraphQl => _graphQl ??= Rules.GraphQl.GraphQlRequestReader.Read(Root);

    public static InspectedBody Of(JsonDocument document) => new(document, null);

    public static InspectedBody Unreadable(string problem) => new(null, problem);

    /// <summary>A part of a body already read strictly (a batch sub-request's body); the whole body's owner disposes the document.</summary>
    public static InspectedBody OfPart(JsonElement element) => new(null, element, null);

    public void Dispose() => _document?.Dispose();
}
