namespace Latchkey.Hosting;

/// <summary>
/// Turns an unexpected exception into the contract's JSON error without exception text, and
/// logs it with the request id so operators can find it.
/// </summary>
internal sealed partial class UnhandledExceptionMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<UnhandledExceptionMiddleware> _logger;

    public UnhandledExceptionMiddleware(RequestDelegate next, ILogger<UnhandledExceptionMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Types and frames only: messages can carry URLs with query strings or header values.
            Log.Unhandled(_logger, context.GetRequestId(), ex.GetType().FullName ?? ex.GetType().Name, ExceptionFrames.Describe(ex));
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status500InternalServerError,
                    ErrorCodes.InternalError, "Latchkey could not complete the request.");
            }
            else
            {
                context.Abort();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4099, EventName = "UnhandledException", Level = LogLevel.Error,
            Message = "Request {RequestId} failed with {ExceptionType} at {Frames}")]
        public static partial void Unhandled(ILogger logger, string requestId, string exceptionType, string frames);
    }
}
