namespace MixOpt.Testing;

public static class RepositoryRoot
{
    /// <summary>The folder holding MixOpt.sln, found by walking up from the test binary.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MixOpt.sln"))) return dir.FullName;
        throw new InvalidOperationException($"MixOpt.sln not found above {AppContext.BaseDirectory}.");
    }
}
