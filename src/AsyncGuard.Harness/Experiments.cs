using System.Diagnostics;
using System.Globalization;
using Fast = AsyncGuard.Harness.Variants.Fast;
using Slow = AsyncGuard.Harness.Variants.Slow;

namespace AsyncGuard.Harness;

/// <summary>
/// The six claims, each measured against the loopback server. The slow code is AsyncGuard's flagged variant, the fast
/// code is exactly what its fixes make of it (Variants/Slow and Variants/Fast; a test checks the correspondence).
/// </summary>
internal sealed class Experiments(HttpClient client, HarnessOptions options, Action<string> progress)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private long _nextId = 1;

    public async Task<IReadOnlyList<ClaimResult>> RunAllAsync(List<SweepPoint> sweep, List<SweepPoint> queuedSweep)
    {
        await WarmUpAsync();
        return
        [
            await Claim1SyncVersusAsync(),
            await Claim2TenConcurrentRequests(),
            await Claim3WorkerPoolSize(),
            await Claim4BlockingInAsyncCode(),
            await Claim5BestDegree(sweep, queuedSweep),
            await Claim6FailuresInLargeFanOuts(),
        ];
    }

    private IReadOnlyList<string> Paths(ServerSettings settings, int count)
    {
        var first = Interlocked.Add(ref _nextId, count) - count;
        return settings.Paths(count, first);
    }

    private async Task WarmUpAsync()
    {
        progress("warming up the server and the connection pool");
        await Fast.BlockingVariants.FetchAllAsync(client, Paths(new ServerSettings { LatencyMs = 1 }, 32));
    }

    private async Task<ClaimResult> Claim1SyncVersusAsync()
    {
        var settings = new ServerSettings { LatencyMs = options.Claim1LatencyMs };
        var n = options.Claim1Requests;
        progress($"claim 1: {n} requests of {settings.LatencyMs} ms, blocking items");
        var sync = await MeasureAsync(() => Slow.BlockingVariants.FetchAllAsync(client, Paths(settings, n)));
        progress($"claim 1: {n} requests of {settings.LatencyMs} ms, awaited items");
        var async = await MeasureAsync(() => Fast.BlockingVariants.FetchAllAsync(client, Paths(settings, n)));
        var speedup = sync.Seconds / async.Seconds;

        var timeHolds = speedup >= 3;
        var cpuHolds = async.CpuPercent > 85 && sync.CpuPercent < 40;
        var verdict = timeHolds && cpuHolds ? Verdicts.Holds : timeHolds || cpuHolds ? Verdicts.HoldsInPart : Verdicts.DoesNotHold;
        var reason = string.Create(Invariant,
            $"async is {speedup:F1}x faster ({(timeHolds ? "the speed-up holds" : "no large speed-up")}); the async run kept the CPU {async.CpuPercent:F0}% busy, the blocking run {sync.CpuPercent:F0}% " +
            $"({(cpuHolds ? "as claimed" : "IO-bound work leaves the CPU idle either way: async wins by waiting concurrently, not by using more CPU")}). " +
            $"The absolute times follow the per-request latency ({settings.LatencyMs} ms): blocking costs n x latency, async about one latency.");
        return new ClaimResult(1,
            "100 simulated network requests: synchronous ≈ 15 s at ≈ 30% CPU; asynchronous ≈ 3 s at > 85% CPU.",
            string.Create(Invariant, $"{n} requests at {settings.LatencyMs} ms: blocking {sync.Seconds:F2} s at {sync.CpuPercent:F0}% CPU; async {async.Seconds:F2} s at {async.CpuPercent:F0}% CPU"),
            verdict, reason,
            new Dictionary<string, double>
            {
                ["requests"] = n, ["latency_ms"] = settings.LatencyMs,
                ["sync_seconds"] = sync.Seconds, ["sync_cpu_percent"] = sync.CpuPercent,
                ["async_seconds"] = async.Seconds, ["async_cpu_percent"] = async.CpuPercent, ["speedup"] = speedup,
            });
    }

    private async Task<ClaimResult> Claim2TenConcurrentRequests()
    {
        var settings = new ServerSettings { LatencyMs = 100 };
        progress("claim 2: ten requests of 100 ms");
        var concurrent = await MeasureAsync(() => Fast.BlockingVariants.FetchAllAsync(client, Paths(settings, 10)));
        var sequential = await MeasureAsync(() => Slow.BlockingVariants.FetchAllAsync(client, Paths(settings, 10)));
        var holds = concurrent.Seconds <= 0.2 && sequential.Seconds >= 0.9;
        var verdict = holds ? Verdicts.Holds : concurrent.Seconds < sequential.Seconds / 3 ? Verdicts.HoldsInPart : Verdicts.DoesNotHold;
        return new ClaimResult(2,
            "Ten concurrent requests of 0.1 s each complete in about 0.1 s, not 1 s.",
            string.Create(Invariant, $"awaited: {concurrent.Seconds:F3} s; blocking: {sequential.Seconds:F3} s"),
            verdict,
            string.Create(Invariant, $"concurrent completion is {concurrent.Seconds / 0.1:F1}x one request's latency; the blocking version took {sequential.Seconds:F2} s"),
            new Dictionary<string, double> { ["awaited_seconds"] = concurrent.Seconds, ["blocking_seconds"] = sequential.Seconds });
    }

    private async Task<ClaimResult> Claim3WorkerPoolSize()
    {
        var settings = new ServerSettings { LatencyMs = 20 };
        var n = options.Claim3Tasks;
        var figures = new Dictionary<string, double> { ["tasks"] = n, ["latency_ms"] = settings.LatencyMs };
        foreach (var blocking in new[] { true, false })
        {
            var name = blocking ? "blocking" : "async";
            foreach (var minimum in new[] { 10, 20 })
            {
                progress($"claim 3: {n} short IO tasks, {name}, minimum {minimum} pool threads (fresh process)");
                figures[$"{name}_min{minimum}_seconds"] = await FreshProcessRun.MeasureAsync(client.BaseAddress!, blocking, minimum, Paths(settings, n), pauseMs: 0);
            }

            figures[$"{name}_improvement_percent"] = 100 * (1 - figures[$"{name}_min20_seconds"] / figures[$"{name}_min10_seconds"]);
        }

        var blockingGain = figures["blocking_improvement_percent"];
        var asyncGain = figures["async_improvement_percent"];

        // A gain counts when it is at least 10% and at least 50 ms: below that it is run-to-run noise.
        var blockingCounts = blockingGain >= 10 && figures["blocking_min10_seconds"] - figures["blocking_min20_seconds"] >= 0.05;
        var asyncCounts = asyncGain >= 10 && figures["async_min10_seconds"] - figures["async_min20_seconds"] >= 0.05;
        var verdict = blockingCounts && asyncCounts ? Verdicts.Holds : blockingCounts || asyncCounts ? Verdicts.HoldsInPart : Verdicts.DoesNotHold;
        return new ClaimResult(3,
            "Raising the worker pool from 10 to 20 threads cuts the completion time of short, frequent IO tasks by ≈ 20%.",
            string.Create(Invariant, $"{n} tasks of {settings.LatencyMs} ms IO. Blocking: {figures["blocking_min10_seconds"]:F2} s → {figures["blocking_min20_seconds"]:F2} s ({Change(blockingGain)}); async: {figures["async_min10_seconds"]:F3} s → {figures["async_min20_seconds"]:F3} s ({Change(asyncGain)})"),
            verdict,
            (blockingCounts ? "more threads help code that holds a thread while it waits" : "for the blocking tasks, 10 or 20 threads are both far too few: each blocked task holds a thread and the IO completions it waits for need threads too, so the run is bounded by how fast the pool grows past the minimum")
                + "; awaited IO holds no thread, so the pool size does not matter for it (a gain under 10% or 50 ms is treated as noise)",
            figures);
    }

    private async Task<ClaimResult> Claim4BlockingInAsyncCode()
    {
        var settings = new ServerSettings { LatencyMs = 20 };
        var n = options.Claim4Handlers;
        progress($"claim 4: {n} concurrent handlers, blocking (Thread.Sleep, GetResult), fresh process");
        var blocking = await FreshProcessRun.MeasureAsync(client.BaseAddress!, blocking: true, minThreads: 0, Paths(settings, n), pauseMs: 5);
        progress($"claim 4: {n} concurrent handlers, awaited (the fixes' output), fresh process");
        var awaited = await FreshProcessRun.MeasureAsync(client.BaseAddress!, blocking: false, minThreads: 0, Paths(settings, n), pauseMs: 5);
        var ratio = blocking / awaited;
        var verdict = ratio >= 3 ? Verdicts.Holds : ratio >= 1.5 ? Verdicts.HoldsInPart : Verdicts.DoesNotHold;
        return new ClaimResult(4,
            "A blocking call mixed into async code destroys its concurrency (thread-pool starvation under load).",
            string.Create(Invariant, $"{n} concurrent handlers of 5 ms pause + {settings.LatencyMs} ms IO, default pool: blocking {blocking:F2} s, awaited {awaited:F2} s ({ratio:F1}x)"),
            verdict,
            string.Create(Invariant, $"each blocked handler holds a pool thread, and the IO completions it waits for need pool threads too; the pool starts at {Environment.ProcessorCount} threads (one per core) and adds threads slowly, so blocked handlers queue behind each other"),
            new Dictionary<string, double> { ["handlers"] = n, ["blocking_seconds"] = blocking, ["awaited_seconds"] = awaited, ["ratio"] = ratio });
    }

    private async Task<ClaimResult> Claim5BestDegree(List<SweepPoint> sweep, List<SweepPoint> queuedSweep)
    {
        var settings = new ServerSettings { LatencyMs = 20, Capacity = options.Claim5Capacity };
        var n = options.Claim5Requests;
        await SweepAsync(settings, n, sweep);

        // The same sweep against a server that queues what it cannot take at once.
        await SweepAsync(settings with { Queue = true }, n, queuedSweep);

        // The analyzers' own pair: AsyncGuard's flagged unbounded variant and its fix (degree 8).
        progress("claim 5: the flagged unbounded fan-out and its fix");
        var unbounded = await BatchOutcomeAsync(() => Slow.FanOutVariants.FetchAllAsync(client, Paths(settings, n)));
        var fixedRun = await BatchOutcomeAsync(() => Fast.FanOutVariants.FetchAllAsync(client, Paths(settings, n)));

        var clean = sweep.Where(p => p.Failures == 0).ToList();
        var best = clean.Count > 0 ? clean.MinBy(p => p.Seconds)! : sweep.MinBy(p => p.Failures)!;
        var worst = sweep.MaxBy(p => p.Failures)!;
        var interior = best.Degree != 0 && best.Degree != options.Claim5Degrees.Where(d => d > 0).Min();
        var verdict = interior && worst.Failures > 0 ? Verdicts.Holds : worst.Failures > 0 ? Verdicts.HoldsInPart : Verdicts.DoesNotHold;
        return new ClaimResult(5,
            "Too much concurrency causes resource contention; there is a best number of concurrent tasks.",
            string.Create(Invariant, $"best degree {best.Label}: {best.Seconds:F2} s, no failures; unbounded: {sweep.Last().Failures} of {n} rejected. Flagged unbounded fan-out: {unbounded}; its AG0003 fix (8 at once): {fixedRun}"),
            verdict,
            string.Create(Invariant, $"below the server's capacity ({settings.Capacity}) more concurrency shortens the run; above it a rejecting server fails requests, so the best degree sits at the capacity. A queueing server fails none: there, degrees above the capacity gain nothing ({queuedSweep.Single(p => p.Degree == settings.Capacity).Seconds:F2} s at {settings.Capacity}, {queuedSweep.Last().Seconds:F2} s unbounded) and only move the waiting into the server's queue"),
            new Dictionary<string, double>
            {
                ["requests"] = n, ["capacity"] = settings.Capacity, ["best_degree"] = best.Degree, ["best_seconds"] = best.Seconds,
                ["unbounded_failures"] = sweep.Last().Failures,
                ["queued_capacity_seconds"] = queuedSweep.Single(p => p.Degree == settings.Capacity).Seconds,
                ["queued_unbounded_seconds"] = queuedSweep.Last().Seconds,
                ["queued_unbounded_failures"] = queuedSweep.Last().Failures,
            });
    }

    private async Task<ClaimResult> Claim6FailuresInLargeFanOuts()
    {
        var n = options.Claim6Items;
        var trials = options.Claim6Trials;

        // A failure rate that loses 15% of unguarded batches on average: 1 - (1 - p)^n = 0.15.
        var rate = 1 - Math.Pow(0.85, 1.0 / n);
        var settings = new ServerSettings { LatencyMs = 1, FailureRate = rate, Seed = 6 };
        int unguardedLost = 0, guardedLost = 0;
        long guardedKept = 0, unguardedKept = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            if (trial % 10 == 0)
            {
                progress($"claim 6: trial {trial + 1} of {trials}, {n} items each");
            }

            var paths = Paths(settings, n);
            try
            {
                var results = await Slow.GuardVariants.FetchAllAsync(client, paths, CancellationToken.None);
                unguardedKept += results;
            }
            catch (HttpRequestException)
            {
                unguardedLost++;
            }

            // The same requests (same ids, same failures) through the fixed code.
            try
            {
                var results = await Fast.GuardVariants.FetchAllAsync(client, paths, CancellationToken.None);
                guardedKept += results;
            }
            catch (HttpRequestException)
            {
                guardedLost++;
            }
        }

        var unguardedLoss = 100.0 * unguardedLost / trials;
        var guardedLoss = 100.0 * guardedLost / trials;
        var verdict = guardedLoss < 5 && unguardedLoss is > 5 and < 30 ? Verdicts.Holds : guardedLoss < 5 ? Verdicts.HoldsInPart : Verdicts.DoesNotHold;
        return new ClaimResult(6,
            "500 async tasks: without exception handling one failing task brings the whole run down about 15% of the time; with try/catch it falls below 5%.",
            string.Create(Invariant, $"{trials} trials of {n} items at a failure rate of {rate:P3}: unguarded batches lost {unguardedLoss:F1}%; guarded (the AG0004 fix) lost {guardedLoss:F1}% and kept {(double)guardedKept / trials:F1} of {n} results per batch"),
            verdict,
            "the 15% comes from the failure rate chosen to produce it; what is measured is that the guarded fan-out never loses a batch and keeps every result that succeeded",
            new Dictionary<string, double>
            {
                ["items"] = n, ["trials"] = trials, ["failure_rate"] = rate,
                ["unguarded_batch_loss_percent"] = unguardedLoss, ["guarded_batch_loss_percent"] = guardedLoss,
                ["guarded_results_kept_per_batch"] = (double)guardedKept / trials, ["unguarded_results_kept_per_batch"] = (double)unguardedKept / trials,
            });
    }

    /// <summary>"12% less" for a gain, "5% more" for a loss.</summary>
    private static string Change(double gainPercent)
        => gainPercent >= 0
            ? string.Create(Invariant, $"{gainPercent:F0}% less")
            : string.Create(Invariant, $"{-gainPercent:F0}% more");

    /// <summary>Runs <paramref name="n"/> requests at each degree of the sweep and records time and failures.</summary>
    private async Task SweepAsync(ServerSettings settings, int n, List<SweepPoint> into)
    {
        foreach (var degree in options.Claim5Degrees)
        {
            progress($"claim 5: {n} requests against {(settings.Queue ? "a queue" : "a limit")} of capacity {settings.Capacity}, degree {(degree == 0 ? "unbounded" : degree)}");
            var paths = Paths(settings, n);
            var failures = 0;
            var run = await MeasureAsync(async () => failures = await ThrottledFetch.CountFailuresAsync(client, paths, degree));
            into.Add(new SweepPoint(degree, run.Seconds, failures, n));
        }
    }

    private static async Task<string> BatchOutcomeAsync(Func<Task<string[]>> batch)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var results = await batch();
            return string.Create(Invariant, $"{results.Length} results in {watch.Elapsed.TotalSeconds:F2} s");
        }
        catch (HttpRequestException exception)
        {
            return string.Create(Invariant, $"batch lost after {watch.Elapsed.TotalSeconds:F2} s ({exception.StatusCode?.ToString() ?? exception.Message})");
        }
    }

    /// <summary>Wall time of <paramref name="work"/>, and this process's CPU use during it as a share of all cores.</summary>
    internal static async Task<(double Seconds, double CpuPercent)> MeasureAsync(Func<Task> work)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await work();
        watch.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return (watch.Elapsed.TotalSeconds, 100 * cpu / watch.Elapsed.TotalSeconds / Environment.ProcessorCount);
    }
}
