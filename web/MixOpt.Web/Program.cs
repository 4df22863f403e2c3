using MixOpt.Web.Hosting;

var app = await MixOptWebHost.BuildAsync(args);
await app.RunAsync();
