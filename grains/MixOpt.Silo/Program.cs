using Microsoft.Extensions.Hosting;
using MixOpt.Silo;

// A standalone silo host (no web UI): the same backend as the embedded web host.
var builder = Host.CreateApplicationBuilder(args);
builder.AddMixOptBackend();
var host = builder.Build();
await host.Services.PrepareStorageAsync(builder.Configuration);
await host.RunAsync();
