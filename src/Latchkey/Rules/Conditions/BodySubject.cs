
namespace Latchkey.Rules.Conditions;

/// <summary>The value at a JSON Pointer in the request's JSON body, read strictly by <see cref="StrictJsonBody"/>.</summary>
internal sealed class BodySubject(JsonPointer pointer) : ConditionSubject("body", pointer.Text)
{
    public override string SecretCandidateName => pointer.LastToken;

    public override bool ReadsBody => true;

    public override ConditionValue Read(in RequestFacts facts) =>
        facts.Body.IsReadable ? pointer.Resolve(facts.Body.Root) : ConditionValue.Unreadable(facts.Body.Problem!);
}
