using System.CommandLine;
using Microsoft.Extensions.Options;

namespace MixOpt.Cli.Commands;

/// <summary>
/// Runs the parsed command and turns an expected failure (bad file, bad argument) into one readable line on
/// stderr and exit code 1, instead of a stack trace.
/// </summary>
public static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is CliException or ArgumentException or InvalidOperationException or IOException or FormatException or UnauthorizedAccessException
                                       or OptionsValidationException)
        {
            Console.Error.WriteLine($"mixopt: {e.Message}");
            return 1;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            // Several settings failed the start-up validation of a host the command runs (`mixopt worker`): one line.
            Console.Error.WriteLine($"mixopt: {string.Join("; ", e.InnerExceptions.Select(i => i.Message))}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C, SIGTERM or a time limit: one line and the conventional exit code, not a stack trace.
            Console.Error.WriteLine("mixopt: cancelled before it finished (interrupted or out of time).");
            return 130;
        }
    }
}

/// <summary>An error the user can fix (a bad file or argument); its message is the one line the CLI prints.</summary>
public sealed class CliException(string message) : Exception(message);
