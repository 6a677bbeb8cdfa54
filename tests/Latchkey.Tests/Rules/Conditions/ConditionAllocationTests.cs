using Latchkey.Rules;
using Latchkey.Rules.Conditions;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.Rules.Conditions;

public sealed class ConditionAllocationTests
{
    private const int Iterations = 1_000;

    [Fact]
    public void Judging_a_route_without_conditions_allocates_nothing_in_a_rule_set_with_conditions()
    {
        var set = ConditionRules.Compile(ConditionRules.Examples + "\n" + """
              - id: slack.list
                provider: slack
                methods: [POST]
                path: /api/conversations.list
                action: allow
            """);
        var headers = new HeaderDictionary { ["Content-Type"] = "application/json" };
        HashSet<string> scopes = [];

        var allocated = AllocationMeter.AllocatedBy(
            () =>
            {
                var reads = set.ReadsBody("slack", "POST", "/api/conversations.list");
                var facts = new RequestFacts("/api/conversations.list", "?limit=1", headers, null);
                return reads ? string.Empty : RequestJudge.OfRules(set, "slack", "POST", facts, scopes).Code;
            },
            Iterations);

        Assert.Equal(0, allocated);
    }
}
