using Latchkey.Hosting;
using Latchkey.Providers;
using Latchkey.Rules;
using Latchkey.Rules.Conditions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Latchkey.DataPlane;

/// <summary>
/// Reads the body of a request that a rule with body conditions could match, before the rules
/// judge it: at most <see cref="RuleInspectionOptions.MaxInspectedBodyBytes"/> bytes (413 above),
/// parsed strictly (<see cref="StrictJsonBody"/>), and put back as the request body so the bytes
/// judged are the bytes forwarded. A POST to a provider's batch path is read the same way, for its
/// sub-requests to be judged. Every other request passes on untouched and keeps streaming.
/// </summary>
internal sealed partial class RuleBodyInspectionStep
{
    private readonly RequestDelegate _next;
    private readonly int _limit;
    private readonly ILogger<RuleBodyInspectionStep> _logger;

    public RuleBodyInspectionStep(RequestDelegate next, IOptions<RuleInspectionOptions> options, ILogger<RuleBodyInspectionStep> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _limit = options.Value.MaxInspectedBodyBytes;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var agentRequest = context.Features.GetRequiredFeature<AgentRequestFeature>();
        var provider = agentRequest.ProviderDefinition!;
        var readsBody = agentRequest.Config!.RuleSet.ReadsBody(provider.Name, context.Request.Method, agentRequest.UpstreamPath!);

        // A batch's sub-requests are judged from its body (an unsplittable one only by a rule on the path).
        var batch = HttpMethods.IsPost(context.Request.Method)
            && ProviderEndpoints.FindBatch(provider.BatchEndpoints, agentRequest.UpstreamPath!) is { Format: not BatchFormat.Unsplittable };
        return readsBody || batch ? InspectAsync(context, agentRequest, readsBody, batch) : _next(context);
    }

    private async Task InspectAsync(HttpContext context, AgentRequestFeature agentRequest, bool readsBody, bool batch)
    {
        var request = context.Request;
        byte[]? bytes;
        try
        {
            bytes = request.ContentLength > _limit ? null : await ReadBoundedAsync(request.Body, _limit, context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            if (ex.StatusCode != StatusCodes.Status413PayloadTooLarge)
            {
                // Shorter than its Content-Length, or broken chunked framing: answered as forwarding
                // answers it. Kestrel ends a reset connection's body this way too, before it signals
                // the abort; once the abort is signalled the request is recorded as client_aborted.
                await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.RequestBodyError,
                    "The request body broke off or was malformed while it was read.");
                return;
            }

            bytes = null;
        }

        if (bytes is null)
        {
            Log.BodyTooLarge(_logger, agentRequest.ProviderDefinition!.Name, _limit);
            await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                $"A request judged by its body may carry at most {_limit} bytes of body.");
            return;
        }

        if (readsBody)
        {
            var body = StrictJsonBody.Read(bytes, request.ContentType, request.Headers.ContentEncoding);
            context.Response.RegisterForDispose(body);
            agentRequest.InspectedBody = body;
        }

        if (batch)
        {
            agentRequest.BatchBody = bytes;
        }

        // The upstream gets exactly the bytes the conditions judged, from memory.
        request.Body = new MemoryStream(bytes, writable: false);
        await _next(context);
    }

    /// <summary>The whole body, or null once it is longer than <paramref name="limit"/>.</summary>
    internal static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (content.Length + read > limit)
            {
                return null;
            }

            content.Write(buffer, 0, read);
        }

        return content.ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3010, EventName = "InspectedBodyTooLarge", Level = LogLevel.Information,
            Message = "Refused a request to provider {Provider}: its body, judged by a rule's conditions, is over {Limit} bytes")]
        public static partial void BodyTooLarge(ILogger logger, string provider, int limit);
    }
}
