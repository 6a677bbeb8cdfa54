using System.Reflection;
using Latchkey.Mcp;
using Latchkey.Testing;
using Latchkey.Tests.Admin;
using Latchkey.Tests.Audit;
using Latchkey.Tests.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latchkey.Tests.Hosting;

/// <summary>The host's real registration (<see cref="LatchkeyApplication"/>), built with the container's own checks.</summary>
public sealed class LatchkeyApplicationTests
{
    [Fact]
    public async Task Real_registration_validates_on_build_and_every_data_plane_step_can_be_created()
    {
        using var audit = TempRoot.Create("latchkey-audit-");
        await using var app = Build(audit.Path);

        var steps = typeof(LatchkeyApplication).Assembly.GetTypes()
            .Where(t => t.Namespace == "Latchkey.DataPlane" && IsMiddleware(t))
            .ToList();
        RequestDelegate next = _ => Task.CompletedTask;

        Assert.Contains(steps, t => t.Name == "ApprovalGateStep");
        Assert.Contains(steps, t => t.Name == "CredentialStep");
        Assert.Contains(steps, t => t.Name == "UpstreamForwardingStep");
        Assert.All(steps, step => Assert.NotNull(ActivatorUtilities.CreateInstance(app.Services, step, next)));
    }

    [Fact]
    public async Task Real_pipeline_composes_with_the_real_registration()
    {
        using var audit = TempRoot.Create("latchkey-audit-");
        await using var app = Build(audit.Path);

        // The data plane as a tool call runs it: request gate and every step, built from the root provider.
        Assert.NotNull(app.Services.GetRequiredService<ToolPipeline>().Pipeline);
        Assert.Same(app, app.UseLatchkey());
    }

    private static WebApplication Build(string auditPath)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Host.UseDefaultServiceProvider(options =>
        {
            options.ValidateOnBuild = true;
            options.ValidateScopes = true;
        });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Latchkey:ConfigDir"] = ShippedConfigFiles.RepositoryConfig,
            ["Latchkey:Audit:BufferPath"] = auditPath,
            ["Latchkey:Admin:SigningKey"] = TestJwt.KeyBase64,
            ["Latchkey:Seq:ServerUrl"] = string.Empty,
        });
        builder.Services.AddLatchkey(builder.Configuration);
        return builder.Build();
    }

    // Convention middleware: a constructor taking the next delegate first and an InvokeAsync(HttpContext).
    private static bool IsMiddleware(Type type) =>
        type.GetMethod("InvokeAsync", BindingFlags.Public | BindingFlags.Instance, [typeof(HttpContext)]) is not null
        && type.GetConstructors().Any(c => c.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(RequestDelegate));
}
