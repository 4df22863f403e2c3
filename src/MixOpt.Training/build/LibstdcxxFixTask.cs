#nullable enable
// MSBuild inline task (compiled by RoslynCodeTaskFactory, not by MixOpt.Training): see LibstdcxxFix.targets.
using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class MixOptApplyLibstdcxxFix : Task
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const string Symbol = "_ZSt21ios_base_library_initv";
    private const string ShimName = "libmixopt_glibcxx_shim.so";
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;
    private const string InstallHint = "run `apt-get install -y patchelf g++`";

    [Required] public string LibraryPath { get; set; } = "";
    [Required] public string ShimSource { get; set; } = "";

    public override bool Execute()
    {
        var systemLibrary = FindSystemLibstdcxx();
        if (systemLibrary == null)
        {
            Log.LogMessage(MessageImportance.Low, "MixOpt: no system libstdc++.so.6 found; libLibTorchSharp.so left as shipped.");
            return true;
        }
        if (Contains(File.ReadAllBytes(systemLibrary), Encoding.ASCII.GetBytes(MissingVersion)))
        {
            Log.LogMessage(MessageImportance.Low, "MixOpt: " + systemLibrary + " has " + MissingVersion + "; libLibTorchSharp.so left as shipped.");
            return true;
        }

        var library = File.ReadAllBytes(LibraryPath);
        var entry = FindVersionNeedFlags(library);
        if (entry < 0)
        {
            Log.LogMessage(MessageImportance.Low, "MixOpt: libLibTorchSharp.so does not ask for " + MissingVersion + "; nothing to patch.");
            return true;
        }
        if ((BitConverter.ToUInt16(library, entry) & VerFlgWeak) != 0)
        {
            Log.LogMessage(MessageImportance.Low, "MixOpt: libLibTorchSharp.so is already patched.");
            return true;
        }

        if (!OnPath("patchelf") || !OnPath("g++"))
        {
            Log.LogError("MixOpt: TorchSharp's libLibTorchSharp.so needs " + MissingVersion + ", which " + systemLibrary +
                         " lacks; the build patches it with patchelf and g++, and at least one is missing: " + InstallHint + ".");
            return false;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(LibraryPath))!;
        var shim = Path.Combine(directory, ShimName);
        if (!Run("g++", "-shared -fPIC -O2 -o \"" + shim + "\" \"" + ShimSource + "\"")) return false;

        // Patch a private copy, then replace: the output file may be a hard link into the NuGet cache.
        var work = LibraryPath + ".patching";
        File.Copy(LibraryPath, work, true);
        if (!Run("patchelf", "--clear-symbol-version " + Symbol + " \"" + work + "\"")) return false;
        if (!Run("patchelf", "--add-needed " + ShimName + " \"" + work + "\"")) return false;
        // Arguments go to the process without a shell, so $ORIGIN stays literal.
        if (!Capture("patchelf", "--print-rpath \"" + work + "\"").Output.Contains("$ORIGIN") &&
            !Run("patchelf", "--add-rpath $ORIGIN \"" + work + "\"")) return false;

        // patchelf may have moved sections: find the entry again in the rewritten file.
        var patched = File.ReadAllBytes(work);
        var flags = FindVersionNeedFlags(patched);
        if (flags < 0)
        {
            Log.LogError("MixOpt: after patchelf, " + MissingVersion + " is no longer found in .gnu.version_r of " + work + ".");
            return false;
        }
        var value = (ushort)(BitConverter.ToUInt16(patched, flags) | VerFlgWeak);
        patched[flags] = (byte)(value & 0xff);
        patched[flags + 1] = (byte)(value >> 8);
        File.WriteAllBytes(work, patched);
        File.Delete(LibraryPath);
        File.Move(work, LibraryPath);
        Log.LogMessage(MessageImportance.High, "MixOpt: patched " + LibraryPath + " for " + systemLibrary + " (no " + MissingVersion + "; shim " + ShimName + ").");
        return true;
    }

    /// <summary>Offset of vna_flags of the Vernaux entry naming the missing version, or -1.</summary>
    private static int FindVersionNeedFlags(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1) return -1; // ELF64 LE only
        var sectionTable = (long)BitConverter.ToUInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3A), count = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < count; i++)
        {
            var header = (int)(sectionTable + i * entrySize);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed) continue;
            var offset = (int)BitConverter.ToUInt64(elf, header + 24);
            var strings = (int)(sectionTable + BitConverter.ToUInt32(elf, header + 40) * entrySize);
            var stringsOffset = (int)BitConverter.ToUInt64(elf, strings + 24);
            var needs = BitConverter.ToUInt32(elf, header + 44);
            var need = offset;
            for (var n = 0; n < needs; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadString(elf, stringsOffset + (int)BitConverter.ToUInt32(elf, aux + 8));
                    if (name == MissingVersion) return aux + 4;
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }
        return -1;
    }

    private static string ReadString(byte[] bytes, int start)
    {
        var end = start;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }

    private static string? FindSystemLibstdcxx()
    {
        // The loader's cache names the library the process will actually get; fixed paths are the fallback.
        var (code, output) = Capture("/sbin/ldconfig", "-p");
        if (code == 0)
            foreach (var line in output.Split('\n'))
                if (line.Contains("libstdc++.so.6 ") && line.Contains("x86-64") && line.Contains("=>"))
                {
                    var path = line.Substring(line.IndexOf("=>", StringComparison.Ordinal) + 2).Trim();
                    if (File.Exists(path)) return path;
                }
        foreach (var path in new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6" })
            if (File.Exists(path)) return path;
        return null;
    }

    private static bool OnPath(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool))) return true;
        return false;
    }

    private bool Run(string tool, string arguments)
    {
        var (code, output) = Capture(tool, arguments);
        if (code == 0) return true;
        Log.LogError("MixOpt: `" + tool + " " + arguments + "` failed (exit " + code + "): " + output.Trim());
        return false;
    }

    private static (int Code, string Output) Capture(string tool, string arguments)
    {
        try
        {
            var info = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
