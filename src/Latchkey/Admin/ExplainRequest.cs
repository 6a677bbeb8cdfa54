namespace Latchkey.Admin;

/// <summary>Body of <c>POST /v1/rules/explain</c>: a request as the data plane would see it.</summary>
internal sealed record ExplainRequest(string? Provider, string? Method, string? Path, IReadOnlyList<string>? Scopes);
