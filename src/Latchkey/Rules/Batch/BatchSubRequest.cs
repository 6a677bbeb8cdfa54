using Latchkey.Rules.Conditions;

namespace Latchkey.Rules.Batch;

/// <summary>
/// One request of a batch as the rules judge it: its position, the id the batch gives it (shown
/// in errors only when it is a plain token), its method, its target in the provider's path space
/// (path and query, not yet canonical), its headers and its body as the conditions read it.
/// </summary>
public sealed record BatchSubRequest(int Index, string? Id, string Method, string Target, IHeaderDictionary Headers, InspectedBody Body);
