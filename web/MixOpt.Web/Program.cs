using MixOpt.Web.Hosting;

// The web host alone: REST + dashboard and a silo without the builtin trainer (a cluster's web host, whose workers
// train). The one-process service with the trainer and the demo is web/MixOpt.Embedded.
var app = await MixOptWebHost.BuildAsync(args);
await app.RunAsync();
