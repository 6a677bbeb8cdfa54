using System.Text.Json;

namespace Latchkey.Admin;

/// <summary>
/// Body of <c>POST /v1/rules/explain</c>: a request as the data plane would see it. <c>headers</c>
/// and <c>body</c> matter only to rules with conditions; <c>body</c> is a JSON value, or a string
/// holding the body's exact text (to explain bytes a JSON value cannot carry, such as a duplicate key).
/// Or a tool call: <c>tool</c> and <c>arguments</c> (an object), with <c>provider</c> naming a
/// <c>kind: mcp</c> provider for a remote server's tool, or omitted for a tool of tools.yaml.
/// </summary>
internal sealed record ExplainRequest(
    string? Provider, string? Method, string? Path, IReadOnlyList<string>? Scopes,
    IReadOnlyDictionary<string, string>? Headers = null, JsonElement? Body = null,
    string? Tool = null, JsonElement? Arguments = null);
