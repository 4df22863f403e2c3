using System.Text.RegularExpressions;

namespace MixOpt.Core.Tests.Architecture;

/// <summary>
/// The web layer knows services, not tables: under web/MixOpt.Web only the <c>Application/</c> folder may name the
/// ledger (<c>MixOpt.Ledger*</c>: its stores, rows and JSON shapes). Endpoints (Api/), Razor pages (Components/),
/// Auth/, Hosting/ and Program.cs call application services or grains. Read from the sources like
/// <see cref="NamespaceDependencyTests"/>: a using (also <c>@using</c> in Razor), an <c>@inject</c> or a qualified name
/// is a use; comments are not. A <c>global using</c> of the ledger anywhere (or a csproj <c>Using</c>) would open it
/// to every folder, so it is refused too.
/// </summary>
public sealed partial class WebLayerDependencyTests
{
    private static readonly string Web = Path.Combine(RepositoryRoot(), "web", "MixOpt.Web");

    [Fact]
    public void Only_the_application_folder_of_the_web_project_uses_the_ledger()
    {
        var outside = Sources().Where(f => !IsApplication(f)).ToList();
        Assert.True(outside.Count >= 30, $"expected the web project's sources under {Web}, found {outside.Count}");
        var uses = outside.SelectMany(f => LedgerUses(f).Select(u => $"{Path.GetRelativePath(Web, f)}: {u}")).ToList();
        Assert.True(uses.Count == 0, "outside web/MixOpt.Web/Application, the ledger is used by:\n" + string.Join('\n', uses));
    }

    [Fact]
    public void The_rule_sees_the_ledger_where_it_is_allowed()
    {
        // Guards the test itself: were the pattern broken, the rule above would pass vacuously.
        var application = Sources().Where(IsApplication).ToList();
        Assert.Contains(application, f => LedgerUses(f).Count > 0);
        Assert.Equal(["using MixOpt.Ledger.Rows;", "MixOpt.Ledger.StudyLedger"],
            LedgerUses(null, "// using MixOpt.Ledger;\nusing MixOpt.Ledger.Rows;\nvar x = new MixOpt.Ledger.StudyLedger(y); // MixOpt.Ledger.X\n"));
        Assert.Equal(["@inject MixOpt.Ledger.StudyLedger"], LedgerUses(null, "@inject MixOpt.Ledger.StudyLedger Ledger\n"));
    }

    [Fact]
    public void No_global_using_opens_the_ledger_to_the_whole_web_project()
    {
        var global = Sources().Where(f => GlobalUsing().IsMatch(File.ReadAllText(f))).Select(f => Path.GetRelativePath(Web, f)).ToList();
        Assert.True(global.Count == 0, $"global using of the ledger in: {string.Join(", ", global)}");
        var project = File.ReadAllText(Path.Combine(Web, "MixOpt.Web.csproj"));
        Assert.DoesNotMatch(@"<Using\s+Include=""MixOpt\.Ledger", project);
    }

    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(Web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(Web, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"));

    private static bool IsApplication(string file) => Path.GetRelativePath(Web, file).StartsWith("Application" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static List<string> LedgerUses(string? file, string? text = null)
    {
        var uses = new List<string>();
        foreach (var line in (text ?? File.ReadAllText(file!)).Split('\n').Select(StripComment))
            foreach (Match m in LedgerName().Matches(line)) uses.Add(m.Value.Trim());
        return uses;
    }

    private static string StripComment(string line)
    {
        var at = line.IndexOf("//", StringComparison.Ordinal);
        var razor = line.IndexOf("@*", StringComparison.Ordinal);
        if (razor >= 0 && (at < 0 || razor < at)) at = razor;
        return at < 0 ? line : line[..at];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MixOpt.sln"))) return dir.FullName;
        throw new InvalidOperationException($"MixOpt.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>A using or @using of a ledger namespace, an @inject of a ledger type, or a name qualified by one.</summary>
    [GeneratedRegex(@"^\s*@?(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?MixOpt\.Ledger\b[\w.]*;?|@inject\s+MixOpt\.Ledger\b[\w.]*|(?<![\w.])MixOpt\.Ledger\b[\w.]*")]
    private static partial Regex LedgerName();

    [GeneratedRegex(@"^\s*global\s+using\s+(?:static\s+)?(?:\w+\s*=\s*)?MixOpt\.Ledger\b", RegexOptions.Multiline)]
    private static partial Regex GlobalUsing();
}
