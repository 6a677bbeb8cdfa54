using System.Globalization;
using System.Text.Json;
using Latchkey.Approvals;

namespace Latchkey.Rules.Conditions;

/// <summary>
/// Collects, for explain only, each rule whose path matched but whose conditions did not hold.
/// The data plane passes none, so judging a request allocates nothing for it.
/// </summary>
public sealed class ConditionTrace
{
    private const int MaxShownChars = 64;
    private readonly List<ConditionFailure> _failures = [];

    public IReadOnlyList<ConditionFailure> Failures => _failures;

    internal void Record(string ruleId, RuleCondition condition, in ConditionValue value, ConditionOutcome outcome) =>
        _failures.Add(new ConditionFailure(ruleId, condition.Line, condition.ToString(),
            outcome == ConditionOutcome.Unreadable ? "unreadable" : "failed", Shown(condition.Subject, value)));

    /// <summary>The value as explain may show it: secret-named or credential-shaped values are <c>***</c>, long ones cut.</summary>
    internal static string? Shown(ConditionSubject subject, in ConditionValue value)
    {
        if (!value.IsPresent)
        {
            return null;
        }

        if (!value.TryGetString(out var text))
        {
            text = value.Json.ValueKind switch
            {
                JsonValueKind.Array => string.Create(CultureInfo.InvariantCulture, $"(array of {value.Json.GetArrayLength()})"),
                JsonValueKind.Object => "(object)",
                _ => value.Json.GetRawText(),
            };
        }

        if (SecretNames.IsSecret(subject.SecretCandidateName) || CredentialShapes.Contains(text))
        {
            return CredentialShapes.Mask;
        }

        var cut = text.Length <= MaxShownChars ? text : text[..MaxShownChars] + "…";
        return PreviewText.Visible(cut);
    }
}
