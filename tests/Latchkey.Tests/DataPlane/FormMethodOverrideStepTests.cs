using Latchkey.DataPlane;
using Latchkey.Forwarding;
using Latchkey.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.DataPlane;

public sealed class FormMethodOverrideStepTests
{
    [Fact]
    public async Task Json_body_goes_on_unread()
    {
        var context = new StepContext("POST").WithBody("application/json", """{"_method":"DELETE"}""");

        await Step(context).InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.Equal(0, context.Http.Request.Body.Position);
    }

    [Theory]
    [InlineData("a=1&_method=DELETE")]
    [InlineData("a=1&%5Fmethod=DELETE")]
    [InlineData("a=1&X-HTTP-Method-Override=DELETE")]
    public async Task Urlencoded_form_with_a_method_override_is_refused_as_ambiguous(string body)
    {
        var context = new StepContext("POST").WithBody("application/x-www-form-urlencoded", body);

        await Step(context).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((400, "ambiguous_path"), (context.Status, context.ErrorCode));
    }

    [Theory]
    [InlineData("gzip", false)]
    [InlineData("identity, br", false)]
    [InlineData("identity", true)]
    public async Task A_compressed_form_is_refused_as_unreadable(string encoding, bool forwarded)
    {
        var context = new StepContext("POST").WithBody("application/x-www-form-urlencoded", "a=1");
        context.Http.Request.Headers.ContentEncoding = encoding;

        await Step(context).InvokeAsync(context.Http);

        Assert.Equal(forwarded, context.NextRan);
        if (!forwarded)
        {
            Assert.Equal((400, "ambiguous_path"), (context.Status, context.ErrorCode));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task A_body_without_a_media_type_is_checked_as_a_form(string? contentType)
    {
        // Rack parses such a POST body as a form, and Rails' method override then reads _method.
        var context = new StepContext("POST").WithBody("text/plain", "a=1&_method=DELETE");
        context.Http.Request.ContentType = contentType;

        await Step(context).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((400, "ambiguous_path"), (context.Status, context.ErrorCode));
    }

    [Fact]
    public async Task A_clean_body_without_a_media_type_goes_on_whole()
    {
        var context = new StepContext("POST").WithBody("text/plain", "just some bytes");
        context.Http.Request.ContentType = null;

        await Step(context).InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.Equal("just some bytes", await new StreamReader(context.Http.Request.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task Multipart_form_with_a_method_override_is_refused()
    {
        const string Body = "--b\r\nContent-Disposition: form-data; name=\"_method\"\r\n\r\nDELETE\r\n--b--\r\n";
        var context = new StepContext("POST").WithBody("multipart/form-data; boundary=b", Body);

        await Step(context).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((400, "ambiguous_path"), (context.Status, context.ErrorCode));
    }

    [Fact]
    public async Task Clean_form_goes_on_with_its_body_rewound_for_the_forwarder()
    {
        var context = new StepContext("POST").WithBody("application/x-www-form-urlencoded", "subject=hi&method=card");

        await Step(context).InvokeAsync(context.Http);

        Assert.True(context.NextRan);
        Assert.Equal(0, context.Http.Request.Body.Position);
        using var reader = new StreamReader(context.Http.Request.Body);
        Assert.Equal("subject=hi&method=card", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Form_larger_than_the_check_limit_is_refused_413()
    {
        var context = new StepContext("POST").WithBody("application/x-www-form-urlencoded", "a=" + new string('x', 200));

        await Step(context, limit: 100).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((413, "payload_too_large"), (context.Status, context.ErrorCode));
    }

    [Fact]
    public async Task Session_token_in_a_form_field_is_refused_as_misplaced()
    {
        var context = new StepContext("POST").WithBody("application/x-www-form-urlencoded", "note=" + SessionTokens.Generate());

        await Step(context).InvokeAsync(context.Http);

        Assert.False(context.NextRan);
        Assert.Equal((400, "session_token_misplaced"), (context.Status, context.ErrorCode));
    }

    private static FormMethodOverrideStep Step(StepContext context, long limit = ForwardingOptions.DefaultFormCheckBytes) =>
        new(context.Next, Options.Create(new ForwardingOptions { FormCheckBytes = limit }), NullLogger<FormMethodOverrideStep>.Instance);
}
