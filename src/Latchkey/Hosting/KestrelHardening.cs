using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Latchkey.Hosting;

/// <summary>
/// Applies <see cref="KestrelHardeningOptions"/> to Kestrel: bounded headers, request line and
/// body, header timeout and minimum data rates, so a slow or oversized client costs one
/// connection for a bounded time and never reaches a provider.
/// </summary>
internal sealed class KestrelHardening : IConfigureOptions<KestrelServerOptions>
{
    private readonly IOptions<KestrelHardeningOptions> _options;

    public KestrelHardening(IOptions<KestrelHardeningOptions> options)
    {
        _options = options;
    }

    public void Configure(KestrelServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hardening = _options.Value;
        options.AddServerHeader = false;
        var limits = options.Limits;
        limits.MaxRequestHeadersTotalSize = hardening.MaxRequestHeadersTotalBytes;
        limits.MaxRequestLineSize = hardening.MaxRequestLineBytes;
        limits.MaxRequestBodySize = hardening.MaxRequestBodyBytes;
        limits.RequestHeadersTimeout = hardening.RequestHeadersTimeout;
        limits.KeepAliveTimeout = hardening.KeepAliveTimeout;
        limits.MinRequestBodyDataRate = new MinDataRate(hardening.MinRequestBodyBytesPerSecond, hardening.MinDataRateGracePeriod);
        limits.MinResponseDataRate = new MinDataRate(hardening.MinResponseBytesPerSecond, hardening.MinDataRateGracePeriod);
    }
}
