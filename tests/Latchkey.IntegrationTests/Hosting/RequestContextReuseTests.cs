using Latchkey.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.IntegrationTests.Hosting;

/// <summary>
/// With an <see cref="IHttpContextAccessor"/> in the container, ASP.NET sets an async-local and
/// builds a fresh <c>HttpContext</c> (request, response, feature caches) for every request instead
/// of reusing the connection's, and every await then carries a non-default execution context: a
/// cost on every data-plane request (bench/README.md, 2026-12-07). <c>/mcp</c>, which needed it,
/// takes its request from the MCP transport instead.
/// </summary>
public sealed class RequestContextReuseTests
{
    [Fact]
    public async Task No_http_context_accessor_is_registered()
    {
        await using var host = LatchkeyTestHost.Start(TestConfigs.Providers, TestConfigs.Rules, withSeq: false);

        Assert.Null(host.Factory.Services.GetService<IHttpContextAccessor>());
    }
}
