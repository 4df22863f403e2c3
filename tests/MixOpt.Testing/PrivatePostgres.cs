using System.Diagnostics;
using Npgsql;

namespace MixOpt.Testing;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temp dir, a free loopback port), for tests that restart the
/// database: restarting the shared test server would break every other test running beside it.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;
    private readonly int _port;

    private PrivatePostgres(string dir, int port)
    {
        _dir = dir;
        _port = port;
    }

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = _port, Username = "mixopt", Database = "postgres", Pooling = false,
    }.ConnectionString;

    public static async Task<PrivatePostgres> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("mixopt-pg-").FullName;
        var data = Path.Combine(dir, "data");
        Directory.CreateDirectory(data);
        if (IsRoot)
        {
            // initdb and postgres refuse to run as root: the data directory belongs to the postgres user.
            await RunAsync("chmod", $"755 {dir}");
            await RunAsync("chown", $"postgres:postgres {data}");
        }
        await RunAsPostgresAsync($"{Bin}/initdb", $"-D {data} -U mixopt --auth=trust -E UTF8 --locale=C.UTF-8");
        var server = new PrivatePostgres(dir, FreePort.Next());
        await server.PgCtlAsync("start");
        return server;
    }

    /// <summary>Stops the server (fast shutdown: open connections are terminated) and starts it again on the same port.</summary>
    public Task RestartAsync() => PgCtlAsync("restart");

    public async ValueTask DisposeAsync()
    {
        try { await RunAsPostgresAsync($"{Bin}/pg_ctl", $"-D {Path.Combine(_dir, "data")} -m immediate -w stop"); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private Task PgCtlAsync(string verb) => RunAsPostgresAsync($"{Bin}/pg_ctl",
        $"-D {Path.Combine(_dir, "data")} -l {Path.Combine(_dir, "data", "server.log")} -m fast -w -t 60 " +
        $"-o \"-c listen_addresses=127.0.0.1 -p {_port} -k {Path.Combine(_dir, "data")} -c max_connections=200 -c fsync=off -c full_page_writes=off\" {verb}");

    private static bool IsRoot => Environment.UserName == "root";

    private static Task RunAsPostgresAsync(string file, string args) =>
        IsRoot ? RunAsync("runuser", $"-u postgres -- {file} {args}") : RunAsync(file, args);

    private static async Task RunAsync(string file, string args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {args} exited with {process.ExitCode}: {await output}{await error}");
    }
}
