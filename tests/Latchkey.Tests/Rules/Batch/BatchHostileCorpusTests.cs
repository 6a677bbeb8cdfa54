using Latchkey.Rules;

namespace Latchkey.Tests.Rules.Batch;

public sealed class BatchHostileCorpusTests
{
    [Fact]
    public void The_corpus_holds_at_least_forty_batches() => Assert.True(BatchHostileCorpus.Rows.Count >= 40, $"{BatchHostileCorpus.Rows.Count} rows");

    [Theory]
    [MemberData(nameof(BatchHostileCorpus.Rows), MemberType = typeof(BatchHostileCorpus))]
    public void No_hostile_batch_is_allowed_or_held(string name, string provider, string path, string body, string? contentType, VerdictKind[] expected)
    {
        var verdict = BatchRules.Judge(provider, path, body, contentType);

        Assert.False(verdict.Verdict.PassesRules, $"{name}: {verdict.Verdict.Kind} ({verdict.Reason})");
        Assert.True(expected.Contains(verdict.Verdict.Kind), $"{name}: {verdict.Verdict.Kind} ({verdict.Reason})");
    }
}
