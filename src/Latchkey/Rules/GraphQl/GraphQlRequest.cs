
namespace Latchkey.Rules.GraphQl;

/// <summary>
/// A GraphQL-over-HTTP request as rules judge it: the operation that will run (its type, its name
/// and its top-level field names, aliases and fragments resolved), a persisted-query hash, or why
/// it cannot be judged (<see cref="Problem"/>, a fixed phrase that never echoes the document).
/// </summary>
internal sealed class GraphQlRequest
{
    private GraphQlRequest(string? operationType, string? operationName, IReadOnlyList<string> fields, string? persistedHash, string? problem)
    {
        OperationType = operationType;
        OperationName = operationName;
        Fields = fields;
        PersistedHash = persistedHash;
        Problem = problem;
    }

    /// <summary><c>query</c>, <c>mutation</c> or <c>subscription</c>; null when the request carries no document (persisted only).</summary>
    public string? OperationType { get; }

    /// <summary>The selected operation's name; null when anonymous.</summary>
    public string? OperationName { get; }

    /// <summary>The field names (never aliases) selected at the top level, fragments spread there included, <c>__typename</c> left out.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The persisted-query hash (lower-case hex); when a document is sent too, it has been checked to be that document's hash.</summary>
    public string? PersistedHash { get; }

    public string? Problem { get; }

    public bool IsReadable => Problem is null;

    public bool HasDocument => OperationType is not null;

    public static GraphQlRequest Unreadable(string problem) => new(null, null, [], null, problem);

    public static GraphQlRequest Persisted(string hash) => new(null, null, [], hash, null);

    public static GraphQlRequest Of(string operationType, string? operationName, IReadOnlyList<string> fields, string? persistedHash) =>
        new(operationType, operationName, fields, persistedHash, null);

    /// <summary>What explain shows: the operation's type, name and fields, or the hash.</summary>
    public override string ToString() => HasDocument
        ? $"{OperationType} {OperationName ?? "(anonymous)"} {{ {string.Join(", ", Fields)} }}"
        : "persisted " + PersistedHash;
}
