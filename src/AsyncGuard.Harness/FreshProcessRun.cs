using System.Diagnostics;
using System.Globalization;
using Fast = AsyncGuard.Harness.Variants.Fast;
using Slow = AsyncGuard.Harness.Variants.Slow;

namespace AsyncGuard.Harness;

/// <summary>
/// Runs a burst of handlers in a new process of this assembly, so the thread pool starts as a real service's does:
/// a pool grown by an earlier experiment would hide starvation (claims 3 and 4).
/// </summary>
internal static class FreshProcessRun
{
    public const string Argument = "--handlers";

    /// <summary>Starts the child and returns the seconds it measured.</summary>
    public static async Task<double> MeasureAsync(Uri server, bool blocking, int minThreads, IReadOnlyList<string> paths, int pauseMs)
    {
        var start = new ProcessStartInfo(ServerProcess.DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            typeof(FreshProcessRun).Assembly.Location, Argument, server.ToString(), blocking ? "blocking" : "awaited",
            minThreads.ToString(CultureInfo.InvariantCulture), pauseMs.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a measuring process");
        foreach (var path in paths)
        {
            await process.StandardInput.WriteLineAsync(path);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0 && double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new InvalidOperationException("measuring process failed: " + output + await process.StandardError.ReadToEndAsync(timeout.Token));
    }

    /// <summary>The child's side: start every handler at once (each on the pool, as a server would), print the seconds.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var server = new Uri(args[1]);
        var blocking = args[2] == "blocking";
        var minThreads = int.Parse(args[3], CultureInfo.InvariantCulture);
        var pauseMs = int.Parse(args[4], CultureInfo.InvariantCulture);
        var paths = new List<string>();
        while (await Console.In.ReadLineAsync() is { Length: > 0 } line)
        {
            paths.Add(line);
        }

        if (minThreads > 0)
        {
            ThreadPool.GetMinThreads(out _, out var io);
            ThreadPool.SetMinThreads(minThreads, io);
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(100) };
        await client.GetStringAsync(paths[0]); // connection and JIT warm-up, outside the measurement
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(paths.Select(path => Task.Run(() => blocking
            ? Slow.BlockingVariants.HandleAsync(client, path, pauseMs)
            : Fast.BlockingVariants.HandleAsync(client, path, pauseMs))));
        Console.WriteLine(watch.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }
}
