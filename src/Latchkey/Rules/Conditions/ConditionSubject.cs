
namespace Latchkey.Rules.Conditions;

/// <summary>Where a condition reads its value: a path parameter, a query parameter, a header or the JSON body.</summary>
internal abstract class ConditionSubject
{
    protected ConditionSubject(string kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    /// <summary><c>path</c>, <c>query</c>, <c>header</c> or <c>body</c>: the key the rule uses.</summary>
    public string Kind { get; }

    /// <summary>The parameter, header name or JSON Pointer.</summary>
    public string Name { get; }

    /// <summary>The name whose value explain must mask when it reads like a secret's (the pointer's last token for the body).</summary>
    public virtual string SecretCandidateName => Name;

    public virtual bool ReadsBody => false;

    public abstract ConditionValue Read(in RequestFacts facts);

    public override string ToString() => Kind + " " + Name;
}
