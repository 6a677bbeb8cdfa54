using Latchkey.Rules;

namespace Latchkey.Tests.Rules;

public sealed class TemplateOverlapTests
{
    [Theory]
    [InlineData("/a/{**rest}", "/a", true)]
    [InlineData("/a/{**rest}", "/a/b/c", true)]
    [InlineData("/a/{**rest}", "/b/{**rest}", false)]
    [InlineData("/{**rest}", "/", true)]
    [InlineData("/", "/a", false)]
    [InlineData("/a/{x}", "/a", false)]
    [InlineData("/a/{x?}", "/a", true)]
    [InlineData("/a/{x?}", "/a/b/c", false)]
    [InlineData("/a/b", "/A/B", true)]
    [InlineData("/a/b", "/a/c", false)]
    [InlineData("/a/{x}/c", "/{y}/b/c", true)]
    [InlineData("/a/{x}/c", "/{y}/b/d", false)]
    [InlineData("/v1/{id}:send", "/v1/x:send", true)]
    [InlineData("/v1/{id}:send", "/v1/x:get", false)]
    [InlineData("/v1/{id}:send", "/v1/{x}.{ext}", true)] // two complex segments: assumed to overlap
    [InlineData("/a/settings.{ext?}", "/a/settings", true)]
    [InlineData("/a/settings.{ext?}", "/a/SETTINGS.json", true)]
    [InlineData("/a/settings.{ext?}", "/a/settingsjson", false)]
    [InlineData("/a/settings.{ext?}", "/a/settings.v2.{ext?}", true)]
    [InlineData("/a/settings.{ext?}", "/a/set.{ext?}", false)]
    [InlineData("/a/settings.{ext?}", "/a/settings.{ext}", true)]
    public void Overlap_is_found_exactly_when_some_path_can_match_both(string left, string right, bool overlaps)
    {
        var a = PathTemplate.Parse(left);
        var b = PathTemplate.Parse(right);

        Assert.Equal(overlaps, TemplateOverlap.CanOverlap(a.Segments, b.Segments));
        Assert.Equal(overlaps, TemplateOverlap.CanOverlap(b.Segments, a.Segments));
    }
}
