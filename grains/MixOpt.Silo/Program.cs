using Microsoft.Extensions.Hosting;
using MixOpt.Backend;
using MixOpt.Silo;

// A standalone silo host (no web UI): the shared backend plus the builtin trainer.
var builder = Host.CreateApplicationBuilder(args);
builder.AddMixOptSilo();
var host = builder.Build();
await host.Services.PrepareStorageAsync(builder.Configuration);
await host.RunAsync();
