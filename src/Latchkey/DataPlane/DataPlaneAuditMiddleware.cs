using Latchkey.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.DataPlane;

/// <summary>
/// Outermost data-plane step: refuses everything while the audit buffer cannot be written
/// (fail closed), answers an unexpected exception with the contract's 500
/// (<see cref="UnhandledExceptionResponder"/>), and sees to it that every data-plane request gets
/// its audit records, whatever step answered it (<see cref="DataPlaneAudit"/> says which records and when).
/// </summary>
internal sealed class DataPlaneAuditMiddleware
{
    private readonly RequestDelegate _next;
    private readonly DataPlaneAudit _audit;
    private readonly TimeProvider _time;
    private readonly ProviderHostMatcher _providerHosts;
    private readonly UnhandledExceptionResponder _unhandled;

    public DataPlaneAuditMiddleware(
        RequestDelegate next, DataPlaneAudit audit, TimeProvider time, ProviderHostMatcher providerHosts, UnhandledExceptionResponder unhandled)
    {
        _next = next;
        _audit = audit;
        _time = time;
        _providerHosts = providerHosts;
        _unhandled = unhandled;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var outcome = context.Features.GetRequiredFeature<RequestOutcomeFeature>();
        outcome.StartedAt = _time.GetTimestamp();
        outcome.RefusalAudit = _audit;
        try
        {
            if (!_audit.IsWritable && !IsHealthProbe(context.Request))
            {
                await ErrorResponseWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                    ErrorCodes.AuditUnavailable, "The audit trail cannot be written; nothing is forwarded until it can.");
                return;
            }

            try
            {
                await _next(context);
            }
            catch (Exception ex) when (UnhandledExceptionResponder.IsClientGone(context, ex))
            {
                // Nobody is left to answer: the record says client_aborted (DataPlaneAudit).
                outcome.ClientLeft = true;
                context.Abort();
            }
            catch (Exception ex)
            {
                await _unhandled.RespondAsync(context, ex);
            }
        }
        finally
        {
            if (!await _audit.RecordEndAsync(context, outcome))
            {
                _audit.ReportEndNotRecorded(outcome.RequestId);
            }
        }
    }

    // On a provider host /healthz is a provider path like any other (RequestTargetMiddleware).
    private bool IsHealthProbe(HttpRequest request) =>
        (request.Path.Equals("/healthz", StringComparison.OrdinalIgnoreCase) || request.Path.Equals("/readyz", StringComparison.OrdinalIgnoreCase))
        && !_providerHosts.Match(request.Host).IsProviderHost;
}
