using Latchkey.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Latchkey.Admin;

/// <summary>
/// Management JWT events: refuse tokens without <c>sub</c> or tenant, with a <c>crit</c> header or
/// identity claims that are not single strings, and answer 401/403 with the
/// contract's JSON error instead of an empty body.
/// </summary>
internal sealed partial class ManagementJwtBearerEvents : JwtBearerEvents
{
    private readonly AdminOptions _admin;
    private readonly ILogger _logger;

    public ManagementJwtBearerEvents(AdminOptions admin, ILogger logger)
    {
        _admin = admin;
        _logger = logger;
    }

    /// <summary>
    /// Browsers cannot send bearer headers on navigation: the approvals page keeps the same JWT
    /// in an HttpOnly, SameSite=Strict cookie scoped to its own path, read here and validated
    /// exactly like a header.
    /// </summary>
    public override Task MessageReceived(MessageReceivedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(context.Request.Headers.Authorization)
            && context.Request.Path.StartsWithSegments(ApprovalsPage.BasePath, StringComparison.OrdinalIgnoreCase)
            && context.Request.Cookies.TryGetValue(ApprovalsPage.CookieName, out var token)
            && !string.IsNullOrEmpty(token))
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal is null || ManagementCaller.FromPrincipal(context.Principal, _admin) is null)
        {
            context.Fail("The token has no subject or tenant claim.");
        }
        else if (ManagementJwtBearerTokenShape.Problem(context.SecurityToken, _admin.TenantClaim) is { } problem)
        {
            Log.TokenShapeRefused(_logger);
            context.Fail(problem);
        }

        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The exception type says why (expired, bad signature, audience) without any token content.
        var failureType = context.Exception.GetType().Name;
        Log.TokenRejected(_logger, failureType);
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HandleResponse();
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"latchkey\"";
        return ErrorResponseWriter.WriteAsync(
            context.HttpContext,
            StatusCodes.Status401Unauthorized,
            ErrorCodes.Unauthorized,
            "A valid management bearer token is required.");
    }

    public override Task Forbidden(ForbiddenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ErrorResponseWriter.WriteAsync(
            context.HttpContext,
            StatusCodes.Status403Forbidden,
            ErrorCodes.Forbidden,
            "The caller is not allowed to perform this operation.");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6002, EventName = "ManagementTokenRejected", Level = LogLevel.Information,
            Message = "Management token rejected: {FailureType}")]
        public static partial void TokenRejected(ILogger logger, string failureType);

        [LoggerMessage(EventId = 6003, EventName = "ManagementTokenShapeRefused", Level = LogLevel.Information,
            Message = "Management token refused: crit header, or sub or tenant claim not a single string")]
        public static partial void TokenShapeRefused(ILogger logger);
    }
}
