using System.Globalization;
using MixOpt.Core.Studies;

namespace MixOpt.Web.Application;

/// <summary>A fidelity value by its rung's name in the study's ladder (the value itself when the ladder names none).</summary>
public sealed class RungNames
{
    private readonly Dictionary<double, string> _names;

    public RungNames(StudySpec spec) =>
        _names = (spec.Fidelities ?? []).GroupBy(f => f.Value).ToDictionary(g => g.Key, g => g.First().Name ?? Plain(g.Key));

    public string this[double fidelity] => _names.TryGetValue(fidelity, out var name) ? name : Plain(fidelity);

    /// <summary>The ladder's rung names, cheapest (lowest value) first.</summary>
    public IReadOnlyList<string> InOrder => _names.OrderBy(p => p.Key).Select(p => p.Value).ToList();

    private static string Plain(double fidelity) => fidelity.ToString("G4", CultureInfo.InvariantCulture);
}
