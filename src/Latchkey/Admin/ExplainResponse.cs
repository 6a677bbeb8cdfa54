namespace Latchkey.Admin;

/// <summary>The data plane's decision for an explained request, and why.</summary>
internal sealed record ExplainResponse(string Decision, string? Rule, string Reason, IReadOnlyList<string>? Required);
