using Yarp.ReverseProxy.Configuration;

// Bare YARP: one catch-all route to the upstream given as the first argument, nothing else.
var upstream = args.Length > 0 ? args[0] : "http://127.0.0.1:18081";
var builder = WebApplication.CreateBuilder(args.Skip(1).ToArray());
builder.Logging.ClearProviders();
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "/{**rest}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["d"] = new() { Address = upstream } } }]);
var app = builder.Build();
app.MapReverseProxy();
app.Run();
