using Latchkey.Hosting;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.Forwarding;

/// <summary>
/// The answer to a forwarding failure: when YARP reports one before any response went out, the
/// contract's 502 / 504 JSON instead of YARP's empty body (and never the exception text); after
/// the response started, only the audit record of why it was cut short.
/// </summary>
internal static partial class UpstreamFailureResponse
{
    public static Task WriteAsync(HttpContext context, ILogger logger, string? provider)
    {
        var error = context.GetForwarderErrorFeature();
        if (error is null)
        {
            return Task.CompletedTask;
        }

        Log.ForwardingFailed(logger, provider ?? string.Empty, error.Error.ToString(), error.Exception?.GetType().Name ?? "none");

        var (status, code, message) = error.Error switch
        {
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, ErrorCodes.UpstreamTimeout,
                "The provider did not answer in time."),
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => (499, ErrorCodes.ClientClosedRequest,
                "The client closed the request."),
            ForwarderError.RequestBodyClient when IsBodyTooLarge(error.Exception)
                => (StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "The request body is larger than this proxy accepts."),
            ForwarderError.RequestBodyClient => (StatusCodes.Status400BadRequest, ErrorCodes.RequestBodyError,
                "The request body could not be read from the client."),
            _ => (StatusCodes.Status502BadGateway, ErrorCodes.UpstreamUnreachable, "The provider could not be reached."),
        };

        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            // Mid-stream failure or a client that left: nobody can read an error body; record the reason for audit only.
            var outcome = context.Features.Get<RequestOutcomeFeature>();
            if (outcome is not null)
            {
                outcome.ErrorCode = code;
            }

            return Task.CompletedTask;
        }

        context.Response.Headers.Clear();
        return ErrorResponseWriter.WriteAsync(context, status, code, message);
    }

    // Kestrel's body limit surfaces wrapped by the HTTP client's content stream.
    private static bool IsBodyTooLarge(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4010, EventName = "ForwardingFailed", Level = LogLevel.Warning,
            Message = "Forwarding to provider {Provider} failed: {ForwarderError} ({ExceptionType})")]
        public static partial void ForwardingFailed(ILogger logger, string provider, string forwarderError, string exceptionType);
    }
}
