using MixOpt.Embedded;

var app = await EmbeddedHost.BuildAsync(args);
await app.RunAsync();
