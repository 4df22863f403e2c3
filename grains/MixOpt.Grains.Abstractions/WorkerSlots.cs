namespace MixOpt.Grains;

/// <summary>
/// A worker slot's name, which is also its <see cref="IWorkerGrain"/> key and the worker recorded on its attempts:
/// the silo incarnation that owns it and the slot's index, <c>{silo}/{slot}</c> (e.g. <c>10.0.0.5:11111@1234/0</c>).
/// The silo part carries the process generation, so a restarted worker silo has new slot names and a slot of a
/// dead silo can never be placed anywhere else.
/// </summary>
public static class WorkerSlots
{
    public static string Key(SiloAddress silo, int slot) => $"{Prefix(silo)}{slot}";

    /// <summary>What every slot name of <paramref name="silo"/> starts with.</summary>
    public static string Prefix(SiloAddress silo) => silo.ToParsableString() + "/";

    /// <summary>Parses a slot name; false for any other worker name (an external trainer's, or a pre-cluster "local-N").</summary>
    public static bool TryParse(string? key, out SiloAddress silo, out int slot)
    {
        silo = null!;
        slot = -1;
        var cut = key?.LastIndexOf('/') ?? -1;
        if (cut <= 0 || !int.TryParse(key.AsSpan(cut + 1), out slot) || slot < 0) return false;
        try
        {
            silo = SiloAddress.FromParsableString(key![..cut]);
            return true;
        }
        catch (FormatException) { return false; }
        catch (ArgumentException) { return false; }
    }
}
