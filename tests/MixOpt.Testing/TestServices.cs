namespace MixOpt.Testing;

/// <summary>The real PostgreSQL and Azurite that infra/local/test.sh starts and exports.</summary>
public static class TestServices
{
    private const string Hint = "run the tests with `bash infra/local/test.sh`, which starts PostgreSQL and Azurite and exports it";

    public static string PostgresAdmin => Require("ConnectionStrings__Ledger");

    public static string Blobs => Require("ConnectionStrings__Blobs");

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: {Hint}.");
}
