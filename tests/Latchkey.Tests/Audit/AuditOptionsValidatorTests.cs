using Latchkey.Audit;

namespace Latchkey.Tests.Audit;

public sealed class AuditOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new AuditOptionsValidator().Validate(null, new AuditOptions()).Succeeded);
    }

    [Fact]
    public void Every_bad_key_is_named_at_once()
    {
        var options = new AuditOptions { BufferPath = " ", SegmentBytes = 10, RetainBytesWithoutSeq = 5 };

        var result = new AuditOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("Latchkey:Audit:BufferPath", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Latchkey:Audit:SegmentBytes", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Latchkey:Audit:RetainBytesWithoutSeq", StringComparison.Ordinal));
    }

    [Fact]
    public void Relative_buffer_path_resolves_against_the_content_root()
    {
        var options = new AuditOptions { BufferPath = "data/audit" };

        Assert.Equal(Path.GetFullPath("/srv/latchkey/data/audit"), options.ResolveBufferPath("/srv/latchkey"));
    }
}
