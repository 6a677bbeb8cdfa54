namespace Latchkey.Rules.Batch;

/// <summary>
/// A batch body split into its sub-requests, or why it cannot be (a fixed phrase that never echoes
/// the body). Owns the parsed document the sub-requests' bodies point into.
/// </summary>
public sealed class BatchSplit : IDisposable
{
    private readonly List<IDisposable> _owners = [];

    private BatchSplit(IReadOnlyList<BatchSubRequest> requests, string? problem)
    {
        Requests = requests;
        Problem = problem;
    }

    public IReadOnlyList<BatchSubRequest> Requests { get; }

    public string? Problem { get; }

    public bool IsSplit => Problem is null;

    public static BatchSplit Of(IReadOnlyList<BatchSubRequest> requests) => new(requests, null);

    public static BatchSplit Refused(string problem) => new([], problem);

    /// <summary>This split, now also disposing <paramref name="owners"/> (the documents its bodies read from).</summary>
    public BatchSplit OwnedBy(params IEnumerable<IDisposable> owners)
    {
        _owners.AddRange(owners);
        return this;
    }

    public void Dispose() => _owners.ForEach(owner => owner.Dispose());
}
