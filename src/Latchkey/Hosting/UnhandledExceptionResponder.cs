using Microsoft.AspNetCore.Connections;

namespace Latchkey.Hosting;

/// <summary>
/// Turns an unexpected exception into the contract's JSON error without exception text, and
/// logs it with the request id so operators can find it. Called from the outermost request
/// step (<see cref="DataPlane.DataPlaneAuditMiddleware"/>), inside its audit record, so the
/// answer is recorded; a middleware of its own was one more async frame on every request.
/// </summary>
internal sealed partial class UnhandledExceptionResponder
{
    private readonly ILogger<UnhandledExceptionResponder> _logger;

    public UnhandledExceptionResponder(ILogger<UnhandledExceptionResponder> logger)
    {
        _logger = logger;
    }

    /// <summary>
    /// True when the client is gone: there is no one left to answer, and the failure is the abort.
    /// A reset seen while the request is read can surface before Kestrel signals RequestAborted.
    /// </summary>
    public static bool IsClientGone(HttpContext context, Exception exception) =>
        context.RequestAborted.IsCancellationRequested || exception is ConnectionResetException || exception.InnerException is ConnectionResetException;

    public Task RespondAsync(HttpContext context, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);

        // Types and frames only: messages can carry URLs with query strings or header values.
        Log.Unhandled(_logger, context.GetRequestId(), exception.GetType().FullName ?? exception.GetType().Name, ExceptionFrames.Describe(exception));
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        context.Response.Clear();
        return ErrorResponseWriter.WriteAsync(context, StatusCodes.Status500InternalServerError,
            ErrorCodes.InternalError, "Latchkey could not complete the request.");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4099, EventName = "UnhandledException", Level = LogLevel.Error,
            Message = "Request {RequestId} failed with {ExceptionType} at {Frames}")]
        public static partial void Unhandled(ILogger logger, string requestId, string exceptionType, string frames);
    }
}
