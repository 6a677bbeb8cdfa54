using Latchkey.Rules;

namespace Latchkey.Tests.Rules.GraphQl;

public sealed class GraphQlHostileCorpusTests
{
    private static readonly RuleSet Set = GraphQlRules.Compile(GraphQlRules.Examples);

    [Fact]
    public void The_corpus_holds_at_least_two_hundred_bodies() => Assert.True(GraphQlHostileCorpus.Rows.Count >= 200, $"{GraphQlHostileCorpus.Rows.Count} rows");

    [Theory]
    [MemberData(nameof(GraphQlHostileCorpus.Rows), MemberType = typeof(GraphQlHostileCorpus))]
    public void No_hostile_body_is_allowed_or_approved_on_a_graphql_path(string name, byte[] body, string contentType, RuleOutcome expected)
    {
        var decision = Set.Decide("github", "POST", GraphQlRules.Facts(body, contentType), new HashSet<string>(), trace: null);

        Assert.True(expected == decision.Outcome, $"{name}: {decision.Outcome} ({decision.Reason})");
    }
}
