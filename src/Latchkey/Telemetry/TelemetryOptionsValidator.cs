using Microsoft.Extensions.Options;

namespace Latchkey.Telemetry;

/// <summary>Validates <see cref="TelemetryOptions"/> at start, collecting every error.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var hasOtlp = !string.IsNullOrWhiteSpace(options.OtlpEndpoint);
        if (hasOtlp && OtlpEndpointOf(options.OtlpEndpoint) is null)
        {
            errors.Add($"{TelemetryOptions.SectionName}:OtlpEndpoint must be an absolute http or https URL without user info, query or fragment (e.g. http://otel-collector:4317).");
        }

        if (options.OtlpProtocol is not (TelemetryOptions.GrpcProtocol or TelemetryOptions.HttpProtobufProtocol))
        {
            errors.Add($"{TelemetryOptions.SectionName}:OtlpProtocol must be '{TelemetryOptions.GrpcProtocol}' or '{TelemetryOptions.HttpProtobufProtocol}'.");
        }

        if (!(options.TraceSampleRatio is >= 0 and <= 1))
        {
            errors.Add($"{TelemetryOptions.SectionName}:TraceSampleRatio must be between 0 and 1 (1 keeps every trace).");
        }

        if (options.Prometheus.Enabled && !options.Enabled)
        {
            errors.Add($"{TelemetryOptions.SectionName}:Prometheus:Enabled needs {TelemetryOptions.SectionName}:Enabled=true; set both, or neither.");
        }

        if (options.Enabled && !hasOtlp && !options.Prometheus.Enabled)
        {
            errors.Add($"{TelemetryOptions.SectionName}:Enabled is true but nothing exports: set {TelemetryOptions.SectionName}:OtlpEndpoint or {TelemetryOptions.SectionName}:Prometheus:Enabled.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The endpoint as a URL the exporter may use, or null. The exporter's own headers (<c>OTEL_EXPORTER_OTLP_HEADERS</c>) carry any credential, never the URL.</summary>
    internal static Uri? OtlpEndpointOf(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? uri
            : null;
}
