using Latchkey.Rules;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.Rules;

public sealed class RequestTargetCanonicalizerTests
{
    public static TheoryData<string, string> Corpus => AdversarialPathCorpus.All();

    public static TheoryData<string, string> AcceptedCorpus => AdversarialPathCorpus.Accepted();

    [Fact]
    public void Corpus_holds_at_least_150_adversarial_cases()
    {
        Assert.True(AdversarialPathCorpus.Cases.Count(c => !c.Expected.StartsWith(AdversarialPathCorpus.OkPrefix, StringComparison.Ordinal)) >= 150);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Target_is_canonicalized_or_refused_as_the_corpus_says(string target, string expected)
    {
        var result = RequestTargetCanonicalizer.Canonicalize(target);

        if (expected.StartsWith(AdversarialPathCorpus.OkPrefix, StringComparison.Ordinal))
        {
            Assert.True(result.IsSuccess, $"refused with {result.Rejection}");
            Assert.Equal(expected[AdversarialPathCorpus.OkPrefix.Length..], result.Path);
        }
        else
        {
            Assert.False(result.IsSuccess, $"accepted as {result.Path}");
            Assert.Equal(expected, result.Rejection.ToString());
            Assert.DoesNotContain(target.Length > 3 ? target[1..] : "\u0001", result.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AcceptedCorpus))]
    public void Forwarded_bytes_decode_to_exactly_the_path_the_rules_matched(string target, string canonical)
    {
        var result = RequestTargetCanonicalizer.Canonicalize(target);
        var forwarded = new PathString(result.Path).ToUriComponent();

        Assert.Equal(canonical, Uri.UnescapeDataString(forwarded));
        Assert.True(RequestTargetCanonicalizer.Canonicalize(forwarded).IsSuccess, "the forwarded form must itself be canonical");
        Assert.Equal(canonical, RequestTargetCanonicalizer.Canonicalize(forwarded).Path);
    }

    [Fact]
    public void Query_is_returned_byte_for_byte()
    {
        var result = RequestTargetCanonicalizer.Canonicalize("/mail/a?q=from%3Abob+x&y=%2F");

        Assert.Equal("?q=from%3Abob+x&y=%2F", result.Query);
    }

    [Theory]
    [InlineData("/mail/gmail/v1", "mail", "/gmail/v1")]
    [InlineData("/mail", "mail", "/")]
    [InlineData("/mail/", "mail", "/")]
    [InlineData("/tickets/a/b/", "tickets", "/a/b/")]
    public void Provider_is_the_first_segment_and_the_rest_is_the_upstream_path(string path, string provider, string upstream)
    {
        Assert.True(RequestTargetCanonicalizer.TrySplitProvider(path, out var actualProvider, out var actualUpstream));
        Assert.Equal(provider, actualProvider);
        Assert.Equal(upstream, actualUpstream);
    }

    [Fact]
    public void Root_names_no_provider()
    {
        Assert.False(RequestTargetCanonicalizer.TrySplitProvider("/", out _, out _));
    }

    [Fact]
    public void Random_byte_targets_never_yield_a_path_that_forwards_differently()
    {
        // Seeded, bounded property run: whatever is accepted must round-trip through the forwarder's encoding.
        var random = new Random(20261122);
        const string Alphabet = "/.%2e5cC;?#a-z@:+ \\~_0123456789AaFf";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(1, 24)];
            chars[0] = '/';
            for (var j = 1; j < chars.Length; j++)
            {
                chars[j] = Alphabet[random.Next(Alphabet.Length)];
            }

            var target = new string(chars);
            var result = RequestTargetCanonicalizer.Canonicalize(target);
            if (!result.IsSuccess)
            {
                continue;
            }

            Assert.DoesNotContain("/../", result.Path + "/", StringComparison.Ordinal);
            Assert.DoesNotContain("/./", result.Path + "/", StringComparison.Ordinal);
            Assert.DoesNotContain("//", result.Path, StringComparison.Ordinal);
            Assert.Equal(result.Path, Uri.UnescapeDataString(new PathString(result.Path).ToUriComponent()));
        }
    }
}
