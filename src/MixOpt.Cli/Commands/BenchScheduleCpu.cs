using System.Globalization;

namespace MixOpt.Cli.Commands;

/// <summary>
/// CPU time consumed by the processes of the scheduling bench (host, workers, PostgreSQL, Azurite), read from /proc.
/// CPU seconds per run do not depend much on what else the machine runs, unlike latency and throughput, so they
/// are the figure to drive down on a shared machine. A group that cannot be found (a remote PostgreSQL) reads zero.
/// </summary>
public sealed class BenchScheduleCpu
{
    // USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<int>> _groups;

    public BenchScheduleCpu(IReadOnlyDictionary<string, IReadOnlyList<int>> groups) => _groups = groups;

    public IEnumerable<string> Groups => _groups.Keys;

    /// <summary>CPU seconds used so far by each group: its processes, and children of theirs alive or already reaped.</summary>
    public IReadOnlyDictionary<string, double> Sample()
    {
        var stats = ReadAll();
        var roots = _groups.Values.SelectMany(g => g).ToHashSet();
        return _groups.ToDictionary(g => g.Key, g => g.Value.Sum(pid => TreeTicks(pid, stats, roots)) / TicksPerSecond);
    }

    /// <summary>The postmaster of the PostgreSQL server whose backend has <paramref name="backendPid"/> (its parent).</summary>
    public static int? ParentOf(int backendPid) => ReadStat(backendPid)?.Parent;

    /// <summary>The process listening on TCP <paramref name="port"/> of this machine, if it can be found (Azurite).</summary>
    public static int? ListenerOf(int port)
    {
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // local_address is HEXIP:HEXPORT; state 0A is LISTEN; the inode is the tenth field.
                if (f.Length > 9 && f[3] == "0A" && int.Parse(f[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port) inodes.Add(f[9]);
            }
        if (inodes.Count == 0) return null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                    if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1])) return pid;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException) { }
        }
        return null;
    }

    /// <summary>A process and its descendants, except those that are counted in a group of their own (the host's workers).</summary>
    private static long TreeTicks(int pid, IReadOnlyDictionary<int, Stat> stats, IReadOnlySet<int> roots)
    {
        if (!stats.TryGetValue(pid, out var root)) return 0;
        // A reaped child's time is in its parent's cutime/cstime; a live one's is read from its own entry.
        return root.Own + root.Reaped + stats.Values.Where(s => s.Parent == pid && !roots.Contains(s.Pid)).Sum(s => TreeTicks(s.Pid, stats, roots));
    }

    private static Dictionary<int, Stat> ReadAll()
    {
        var all = new Dictionary<int, Stat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadStat(pid) is { } s) all[pid] = s;
        return all;
    }

    private static Stat? ReadStat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        // The command name may hold spaces and parentheses: the fields start after the last ')'.
        var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture);
        return new Stat(pid, (int)L(4), L(14) + L(15), L(16) + L(17));
    }

    private sealed record Stat(int Pid, int Parent, long Own, long Reaped);
}
