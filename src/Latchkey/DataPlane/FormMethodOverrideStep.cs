using Latchkey.Forwarding;
using Latchkey.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Latchkey.DataPlane;

/// <summary>
/// Refuses a form body (urlencoded or multipart) carrying a method-override field such as
/// <c>_method=DELETE</c>, which Rails, Laravel and Symfony act on instead of the real method the
/// rules judged, or a session token in any field (it would be forwarded). Only form requests pay for this: their body, up to
/// <see cref="ForwardingOptions.FormCheckBytes"/>, is buffered, checked and then forwarded
/// unchanged; a larger form cannot be checked and is refused (fail closed).
/// </summary>
internal sealed partial class FormMethodOverrideStep
{
    private const int BufferThresholdBytes = 64 * 1024;
    private const string UrlEncoded = "application/x-www-form-urlencoded";
    private const string OverrideMessage = "Method override form fields (_method and its spellings) are not accepted: send the real method.";

    private readonly RequestDelegate _next;
    private readonly long _limit;
    private readonly ILogger<FormMethodOverrideStep> _logger;

    public FormMethodOverrideStep(RequestDelegate next, IOptions<ForwardingOptions> options, ILogger<FormMethodOverrideStep> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _limit = options.Value.FormCheckBytes;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        // JSON and bodiless requests pass on at the cost of two substring searches.
        var request = context.Request;
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            // A body without a media type is read as a form by Rack (and so Rails and Sinatra's
            // method override): it is checked as one.
            return request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0
                ? CheckAsync(context, UrlEncoded)
                : _next(context);
        }

        return contentType.Contains("form", StringComparison.OrdinalIgnoreCase) || contentType.Contains("multipart", StringComparison.OrdinalIgnoreCase)
            ? CheckAsync(context, contentType)
            : _next(context);
    }

    private async Task CheckAsync(HttpContext context, string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            await RefuseAsync(context, FormVerdict.Unreadable);
            return;
        }

        var isUrlEncoded = mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        var isMultipart = mediaType.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);
        if (!isUrlEncoded && !isMultipart)
        {
            await _next(context);
            return;
        }

        // A compressed form cannot be searched without inflating it, which the proxy never does;
        // an upstream that inflates request bodies would read fields no check saw.
        if (!IsIdentity(context.Request.Headers.ContentEncoding))
        {
            await RefuseAsync(context, FormVerdict.Unreadable);
            return;
        }

        var verdict = await BufferAsync(context.Request, context.RequestAborted);
        if (verdict == FormVerdict.Clean)
        {
            verdict = isUrlEncoded
                ? await UrlEncodedFormCheck.CheckAsync(context.Request.Body, context.RequestAborted)
                : await MultipartFormCheck.CheckAsync(context.Request.Body, HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value, context.RequestAborted);
        }

        if (verdict == FormVerdict.Clean)
        {
            context.Request.Body.Position = 0;
            verdict = await FormSessionTokenCheck.CheckAsync(context.Request.Body, isUrlEncoded, context.RequestAborted);
        }

        if (verdict != FormVerdict.Clean)
        {
            await RefuseAsync(context, verdict);
            return;
        }

        context.Request.Body.Position = 0;
        await _next(context);
    }

    private static bool IsIdentity(Microsoft.Extensions.Primitives.StringValues encoding)
    {
        foreach (var value in encoding)
        {
            foreach (var coding in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Reads the whole body into the request's buffer (memory, then a temp file), stopping past the limit.</summary>
    private async Task<FormVerdict> BufferAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > _limit)
        {
            return FormVerdict.TooLarge;
        }

        request.EnableBuffering(BufferThresholdBytes);
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > _limit)
            {
                return FormVerdict.TooLarge;
            }
        }

        request.Body.Position = 0;
        return FormVerdict.Clean;
    }

    private Task RefuseAsync(HttpContext context, FormVerdict verdict)
    {
        Log.FormRefused(_logger, verdict);
        return verdict switch
        {
            FormVerdict.TooLarge => ErrorResponseWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                "A form body larger than this proxy checks for method overrides is not accepted."),
            FormVerdict.MethodOverride => ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.AmbiguousPath, OverrideMessage),
            FormVerdict.SessionToken => ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.SessionTokenMisplaced,
                "A session token may not be sent in a form field: it would be forwarded to the provider."),
            _ => ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.AmbiguousPath,
                "The form body could not be read unambiguously."),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4006, EventName = "FormRefused", Level = LogLevel.Information,
            Message = "Refused a form body before forwarding ({Verdict})")]
        public static partial void FormRefused(ILogger logger, FormVerdict verdict);
    }
}
