using Latchkey.Approvals;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Tests.Approvals;

public sealed class ApprovalFingerprintTests
{
    private static readonly ApprovalSubject Subject = new(
        "gh", "gh.issues.create", "POST", "/repos/o/r/issues", "?state=open", "multipart/form-data; boundary=AAA", StringValues.Empty);

    private static readonly byte[] Body = [1, 2, 3];

    [Theory]
    [InlineData("provider")]
    [InlineData("rule")]
    [InlineData("method")]
    [InlineData("path")]
    [InlineData("query")]
    [InlineData("boundary")]
    [InlineData("second content type")]
    [InlineData("content encoding")]
    [InlineData("empty content encoding")]
    [InlineData("length prefix")]
    [InlineData("path and query split")]
    [InlineData("made by a tool call")]
    [InlineData("another tool")]
    [InlineData("other tool arguments")]
    public void Any_change_to_what_was_approved_changes_the_fingerprint(string change)
    {
        Assert.NotEqual(ApprovalFingerprint.Compute(Subject, Body), ApprovalFingerprint.Compute(Changed(change), Body));
    }

    [Fact]
    public void The_same_request_has_the_same_fingerprint_and_another_body_does_not()
    {
        var fingerprint = ApprovalFingerprint.Compute(Subject, Body);

        Assert.True(ApprovalFingerprint.Matches(fingerprint, ApprovalFingerprint.Compute(Subject with { }, [1, 2, 3])));
        Assert.False(ApprovalFingerprint.Matches(fingerprint, ApprovalFingerprint.Compute(Subject, [1, 2, 4])));
    }

    private static readonly ApprovalSubject ToolSubject = Subject with { ToolCall = new("github_create_issue", "aa") };

    [Fact]
    public void A_tool_call_is_bound_to_its_tool_and_arguments_hash()
    {
        Assert.Equal(ApprovalFingerprint.Compute(ToolSubject, Body), ApprovalFingerprint.Compute(Subject with { ToolCall = new("github_create_issue", "aa") }, Body));
        Assert.NotEqual(ApprovalFingerprint.Compute(ToolSubject, Body), ApprovalFingerprint.Compute(ToolSubject with { ToolCall = new("github_create_issue", "ab") }, Body));
    }

    private static ApprovalSubject Changed(string change) => change switch
    {
        "provider" => Subject with { Provider = "gh2" },
        "rule" => Subject with { RuleId = "gh.issues.create.v2" },
        "method" => Subject with { Method = "PUT" },
        "path" => Subject with { Path = "/repos/o/r/issues/1" },
        "query" => Subject with { Query = "?state=closed" },
        "boundary" => Subject with { ContentType = "multipart/form-data; boundary=BBB" },
        "second content type" => Subject with { ContentType = new StringValues(["multipart/form-data; boundary=AAA", "text/plain"]) },
        "content encoding" => Subject with { ContentEncoding = "gzip" },
        "empty content encoding" => Subject with { ContentEncoding = string.Empty },
        "length prefix" => Subject with { Provider = "gh.issues.create", RuleId = "gh" },
        "made by a tool call" => Subject with { ToolCall = new("github_create_issue", "aa") },
        "another tool" => ToolSubject with { ToolCall = new("github_open_issue", "aa") },
        "other tool arguments" => ToolSubject with { ToolCall = new("github_create_issue", "bb") },
        "path and query split" => Subject with { Path = "/repos/o/r/issues?state=open", Query = string.Empty },
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };
}
