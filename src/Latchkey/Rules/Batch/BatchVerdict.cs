using System.Globalization;
using System.Text.RegularExpressions;

namespace Latchkey.Rules.Batch;

/// <summary>
/// The verdict on a whole request to a batch path, with what audit and errors say of the batch:
/// how many sub-requests it carried and which one decided (its index, and its id when that is a
/// plain token). Never a sub-request's body, query or url.
/// </summary>
public readonly partial record struct BatchVerdict(RequestVerdict Verdict, int? SubRequests, int? DecidingIndex, string? DecidingId)
{
    /// <summary>The refusal's message, naming the deciding sub-request when one decided.</summary>
    public string Message => DecidingIndex is { } index
        ? string.Create(CultureInfo.InvariantCulture, $"Sub-request {index}{Named} of the batch: {Verdict.Message}")
        : Verdict.Message;

    /// <summary>As <see cref="Message"/>, with the deciding rule's reason when the rules decided (explain).</summary>
    public string Reason => DecidingIndex is { } index
        ? string.Create(CultureInfo.InvariantCulture, $"Sub-request {index}{Named} of the batch: {Verdict.Reason}")
        : Verdict.Reason;

    private string Named => DecidingId is { } id && SafeId().IsMatch(id) ? $" (id '{id}')" : string.Empty;

    public static BatchVerdict Whole(RequestVerdict verdict) => new(verdict, null, null, null);

    [GeneratedRegex("^[A-Za-z0-9_.:@-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
