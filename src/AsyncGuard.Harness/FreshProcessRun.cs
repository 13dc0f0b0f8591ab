using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fast = AsyncGuard.Harness.Variants.Fast;
using Slow = AsyncGuard.Harness.Variants.Slow;

namespace AsyncGuard.Harness;

/// <summary>What a fresh process runs (claims 3 and 4).</summary>
internal enum FreshScenario
{
    /// <summary>Claim 4: every handler queued to the pool at once; each sleeps and blocks on its IO (the slow variant).</summary>
    BlockingHandlers,

    /// <summary>Claim 4: the same handlers as AsyncGuard's fixes make them (the fast variant).</summary>
    AwaitedHandlers,

    /// <summary>Claim 3: a fixed pool of N dedicated threads, each doing synchronous <c>HttpClient.Send</c>.</summary>
    DedicatedThreads,

    /// <summary>Claim 3: the same requests awaited, at most N in flight (0: all at once).</summary>
    AwaitedRequests,
}

/// <summary>
/// Runs a scenario in a new process of this assembly, so the thread pool starts as a real service's does: a pool grown
/// by an earlier experiment would hide starvation. The child prints its <see cref="RunMetrics"/> as JSON.
/// </summary>
internal static class FreshProcessRun
{
    public const string Argument = "--fresh";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Starts the child, sends it the paths and returns what it measured.</summary>
    public static async Task<RunMetrics> MeasureAsync(Uri server, FreshScenario scenario, int parameter, IReadOnlyList<string> paths)
    {
        var start = new ProcessStartInfo(ServerProcess.DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(FreshProcessRun).Assembly.Location, Argument, server.ToString(), scenario.ToString(), parameter.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a measuring process");
        foreach (var path in paths)
        {
            await process.StandardInput.WriteLineAsync(path);
        }

        await process.StandardInput.DisposeAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0 && JsonSerializer.Deserialize<RunMetrics>(output, Json) is { } metrics
            ? metrics
            : throw new InvalidOperationException("measuring process failed: " + output + await process.StandardError.ReadToEndAsync(timeout.Token));
    }

    /// <summary>The child's side: read the paths, run the scenario, print the metrics.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var server = new Uri(args[1]);
        var scenario = Enum.Parse<FreshScenario>(args[2]);
        var parameter = int.Parse(args[3], CultureInfo.InvariantCulture);
        var paths = new List<string>();
        while (await Console.In.ReadLineAsync() is { Length: > 0 } line)
        {
            paths.Add(line);
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(100) };
        await client.GetStringAsync(paths[0]); // connection and JIT warm-up, outside the measurement
        var latencies = new ConcurrentBag<double>();
        var started = Stopwatch.GetTimestamp();
        Func<Task> work = scenario switch
        {
            FreshScenario.BlockingHandlers or FreshScenario.AwaitedHandlers => () => Task.WhenAll(paths.Select(path => Task.Run(async () =>
            {
                _ = scenario == FreshScenario.BlockingHandlers
                    ? await Slow.BlockingVariants.HandleAsync(client, path, parameter)
                    : await Fast.BlockingVariants.HandleAsync(client, path, parameter);

                // From the burst's arrival to this handler's completion: what its caller waited.
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }))),
            FreshScenario.DedicatedThreads => () => DedicatedThreadsAsync(client, paths, parameter, latencies),
            _ => () => AwaitedRequestsAsync(client, paths, parameter, latencies),
        };
        started = Stopwatch.GetTimestamp();
        var metrics = await Measure.RunAsync(work, latencies: () => latencies.ToArray());
        Console.WriteLine(JsonSerializer.Serialize(metrics, Json));
        return 0;
    }

    /// <summary>Like a thread-pool executor of N workers: each thread takes the next path and fetches it synchronously.</summary>
    private static Task DedicatedThreadsAsync(HttpClient client, IReadOnlyList<string> paths, int workers, ConcurrentBag<double> latencies)
    {
        var next = -1;
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < paths.Count)
            {
                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, paths[index]);
                using var response = client.Send(request);
                response.EnsureSuccessStatusCode();
                using var body = response.Content.ReadAsStream();
                body.CopyTo(Stream.Null);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })
        { IsBackground = true }).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        return Task.CompletedTask;
    }

    private static async Task AwaitedRequestsAsync(HttpClient client, IReadOnlyList<string> paths, int degree, ConcurrentBag<double> latencies)
    {
        using var throttle = new SemaphoreSlim(degree > 0 ? degree : paths.Count);
        await Task.WhenAll(paths.Select(async path =>
        {
            await throttle.WaitAsync();
            try
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path);
                response.EnsureSuccessStatusCode();
                await response.Content.CopyToAsync(Stream.Null);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            finally
            {
                throttle.Release();
            }
        }));
    }
}
