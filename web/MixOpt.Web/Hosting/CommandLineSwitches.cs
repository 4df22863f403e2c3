namespace MixOpt.Web.Hosting;

/// <summary>Turns friendly switches into configuration keys: <c>--demo</c> → <c>MixOpt:Demo=true</c>.</summary>
public static class CommandLineSwitches
{
    public static string[] Expand(string[] args) =>
        args.Select(a => a == "--demo" ? "--MixOpt:Demo=true" : a).ToArray();
}
