using Latchkey.Telemetry;

namespace Latchkey.Tests.Telemetry;

public sealed class TelemetryOptionsValidatorTests
{
    private readonly TelemetryOptionsValidator _validator = new();

    [Fact]
    public void Defaults_are_off_and_valid()
    {
        var options = new TelemetryOptions();
        Assert.False(options.Enabled);
        Assert.False(options.Prometheus.Enabled);
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("http://otel-collector:4317", "grpc", false)]
    [InlineData("https://collector.example:4318/", "http/protobuf", false)]
    [InlineData(null, "grpc", true)]
    public void Valid_exporter_settings_pass(string? endpoint, string protocol, bool prometheus)
    {
        var options = new TelemetryOptions { Enabled = true, OtlpEndpoint = endpoint, OtlpProtocol = protocol, Prometheus = { Enabled = prometheus } };
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("collector:4317", "OtlpEndpoint")]
    [InlineData("ftp://collector:4317", "OtlpEndpoint")]
    [InlineData("http://user:secret@collector:4317", "OtlpEndpoint")]
    [InlineData("http://collector:4317/?api_key=x", "OtlpEndpoint")]
    public void Bad_otlp_endpoints_are_refused_naming_the_key(string endpoint, string key)
    {
        var result = _validator.Validate(null, new TelemetryOptions { Enabled = true, OtlpEndpoint = endpoint });
        Assert.True(result.Failed);
        Assert.Contains($"Latchkey:Telemetry:{key}", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var options = new TelemetryOptions { OtlpProtocol = "thrift", TraceSampleRatio = 1.5, Prometheus = { Enabled = true } };
        var result = _validator.Validate(null, options);
        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains("OtlpProtocol", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("TraceSampleRatio", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Prometheus:Enabled needs", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Enabled_without_any_exporter_is_refused()
    {
        var result = _validator.Validate(null, new TelemetryOptions { Enabled = true });
        Assert.True(result.Failed);
        Assert.Contains("nothing exports", result.FailureMessage, StringComparison.Ordinal);
    }
}
