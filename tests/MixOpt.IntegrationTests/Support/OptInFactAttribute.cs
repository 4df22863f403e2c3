namespace MixOpt.IntegrationTests.Support;

/// <summary>
/// A test that runs only when the environment variable <paramref name="variable"/> is set: benchmarks and the
/// screenshot generator, which are commands (docs/bench, docs/screenshots) rather than checks of every test run.
/// </summary>
public sealed class OptInFactAttribute : FactAttribute
{
    public OptInFactAttribute(string variable)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
            Skip = $"Set {variable} to run it.";
    }
}
