using Latchkey.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.Forwarding;

/// <summary>
/// Outermost data-plane step: refuses everything while the audit buffer cannot be written
/// (fail closed), and sees to it that every data-plane request gets its audit records, whatever
/// step answered it (<see cref="DataPlaneAudit"/> says which records and when).
/// </summary>
internal sealed class DataPlaneAuditMiddleware
{
    private readonly RequestDelegate _next;
    private readonly DataPlaneAudit _audit;
    private readonly TimeProvider _time;

    public DataPlaneAuditMiddleware(RequestDelegate next, DataPlaneAudit audit, TimeProvider time)
    {
        _next = next;
        _audit = audit;
        _time = time;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var outcome = context.Features.GetRequiredFeature<RequestOutcomeFeature>();
        outcome.StartedAt = _time.GetTimestamp();
        context.Features.Set<IRefusalAudit>(_audit);
        try
        {
            if (!_audit.IsWritable && !IsHealthProbe(context.Request.Path))
            {
                await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                    ErrorCodes.AuditUnavailable, "The audit trail cannot be written; nothing is forwarded until it can.");
                return;
            }

            await _next(context);
        }
        finally
        {
            await _audit.RecordEndAsync(context);
        }
    }

    private static bool IsHealthProbe(PathString path) =>
        path.Equals("/healthz", StringComparison.OrdinalIgnoreCase) || path.Equals("/readyz", StringComparison.OrdinalIgnoreCase);
}
