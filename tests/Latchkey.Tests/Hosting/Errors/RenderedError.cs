using System.Text.Json;
using Latchkey.Hosting;
using Latchkey.Hosting.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Tests.Hosting.Errors;

/// <summary>An error as <see cref="ErrorResponseWriter"/> writes it for a request whose provider uses one envelope.</summary>
internal sealed record RenderedError(int Status, IHeaderDictionary Headers, JsonElement Body, string Text)
{
    public const string RequestId = "req_0123456789abcdef";

    public static async Task<RenderedError> WriteAsync(
        ErrorEnvelope envelope, int status, string code, IReadOnlyDictionary<string, object?>? extra = null, string message = "A fixed message.")
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton<IErrorEnvelopeSource>(new Fixed(envelope)).BuildServiceProvider(),
        };
        context.Features.Set(new RequestOutcomeFeature(RequestId));
        using var body = new MemoryStream();
        context.Response.Body = body;

        await ErrorResponseWriter.WriteAsync(context, status, code, message, extra);

        var text = System.Text.Encoding.UTF8.GetString(body.ToArray());
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        Assert.Equal(body.Length, context.Response.ContentLength);
        return new RenderedError(context.Response.StatusCode, context.Response.Headers, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    private sealed class Fixed(ErrorEnvelope envelope) : IErrorEnvelopeSource
    {
        public ErrorEnvelope EnvelopeFor(HttpContext context) => envelope;
    }
}
