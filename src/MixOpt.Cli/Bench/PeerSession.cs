using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MixOpt.Cli.Commands;

namespace MixOpt.Cli.Bench;

/// <summary>
/// A long-lived peer process (e.g. Optuna's ask/tell loop) spoken to in JSON lines over stdin/stdout, so a
/// benchmark pays Python's start-up once per seed instead of once per step. Requests are synchronous.
/// </summary>
public sealed class PeerSession : IDisposable
{
    private readonly Process _process;
    private readonly string _script;
    private readonly System.Text.StringBuilder _stderr = new();

    public PeerSession(string script, IReadOnlyList<string> args)
    {
        _script = script;
        var path = Path.Combine(PythonPeer.ScriptsDirectory, script);
        if (!File.Exists(path)) throw new CliException($"peer script {path} is missing from the build output.");
        var info = new ProcessStartInfo(PythonPeer.Interpreter)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.ArgumentList.Add(path);
        foreach (var a in args) info.ArgumentList.Add(a);
        _process = Process.Start(info) ?? throw new CliException($"could not start {PythonPeer.Interpreter} {script}.");
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        Hello = ReadReply();
    }

    /// <summary>The peer's first line: its name, version and the seed it uses.</summary>
    public JsonObject Hello { get; }

    public JsonObject Request(JsonObject message)
    {
        _process.StandardInput.WriteLine(message.ToJsonString());
        _process.StandardInput.Flush();
        return ReadReply();
    }

    private JsonObject ReadReply()
    {
        var line = _process.StandardOutput.ReadLine();
        if (line is null)
        {
            _process.WaitForExit(5000);
            string err;
            lock (_stderr) err = _stderr.ToString();
            var last = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
            throw new CliException($"peer {_script} stopped: {last}");
        }
        return JsonNode.Parse(line) as JsonObject ?? throw new CliException($"peer {_script} sent '{line}', not a JSON object.");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine(new JsonObject { ["op"] = "quit" }.ToJsonString());
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000)) _process.Kill();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // The peer is already gone; nothing to clean up.
        }
        _process.Dispose();
    }

    public static double[] Doubles(JsonNode? node) =>
        node?.Deserialize<double[]>() ?? throw new CliException("peer reply lacks a number array.");
}
