namespace AsyncGuard.Harness.Claims;

internal sealed partial class Experiments
{
    private async Task<ClaimResult> Claim3WorkerPoolSize()
    {
        var request = new PageRequest { LatencyMs = _options.Claim3LatencyMs, Items = 5 };
        var n = _options.Claim3Tasks;
        var figures = new Dictionary<string, double> { ["tasks"] = n, ["latency_ms"] = request.LatencyMs };
        var runs = new Dictionary<(FreshScenario, int), (RunMetrics Client, ServerStats Server)>();
        foreach (var scenario in new[] { FreshScenario.DedicatedThreads, FreshScenario.AwaitedRequests })
        {
            foreach (var workers in _options.Claim3Workers.Append(0))
            {
                if (scenario == FreshScenario.DedicatedThreads && workers == 0)
                {
                    continue;
                }

                var repeats = new List<(RunMetrics, ServerStats)>();
                for (var repeat = 0; repeat < _options.Claim3Repeats; repeat++)
                {
                    _progress(F($"claim 3: {n} tasks of {request.LatencyMs} ms, {scenario} {(workers == 0 ? "all at once" : workers.ToString(Invariant))}, run {repeat + 1} (fresh process)"));
                    await _server.StatsAsync();
                    var metrics = await FreshProcessRun.MeasureAsync(_server.BaseAddress, scenario, workers, Paths(request, n));
                    repeats.Add((metrics, await _server.StatsAsync()));
                }

                // The median run by time stands for the configuration.
                runs[(scenario, workers)] = repeats.OrderBy(r => r.Item1.Seconds).ElementAt(repeats.Count / 2);
            }
        }

        var few = _options.Claim3Workers[0];
        var many = _options.Claim3Workers[1];
        var t10 = runs[(FreshScenario.DedicatedThreads, few)];
        var t20 = runs[(FreshScenario.DedicatedThreads, many)];
        var a10 = runs[(FreshScenario.AwaitedRequests, few)];
        var a20 = runs[(FreshScenario.AwaitedRequests, many)];
        var all = runs[(FreshScenario.AwaitedRequests, 0)];
        var cut = 100 * (1 - t20.Client.Seconds / t10.Client.Seconds);
        var awaitedCut = 100 * (1 - a20.Client.Seconds / a10.Client.Seconds);

        // Time ≈ tasks × service time / workers: the cut that the measured service times predict.
        var predictedCut = 100 * (1 - t20.Client.MeanMs / t10.Client.MeanMs * few / many);
        var verdict = Math.Abs(cut - 20) <= 10 ? Verdicts.Holds : cut >= 10 ? Verdicts.HoldsInPart : Verdicts.DoesNotHold;
        foreach (var ((scenario, workers), run) in runs)
        {
            var key = F($"{(scenario == FreshScenario.DedicatedThreads ? "threads" : "awaited")}_{(workers == 0 ? "all" : workers.ToString(Invariant))}");
            figures[key + "_seconds"] = run.Client.Seconds;
            figures[key + "_p50_ms"] = run.Client.P50Ms;
            figures[key + "_p99_ms"] = run.Client.P99Ms;
            figures[key + "_mean_ms"] = run.Client.MeanMs;
            figures[key + "_process_threads"] = run.Client.ProcessThreads;
            figures[key + "_pool_threads_max"] = run.Client.PoolThreadsMax;
            figures[key + "_client_cpu_percent"] = run.Client.CpuPercent;
            figures[key + "_server_cpu_percent"] = run.Server.CpuPercent;
            figures[key + "_server_max_in_flight"] = run.Server.MaxInFlight;
            figures[key + "_machine_busy_percent"] = run.Client.MachineBusyPercent;
        }

        figures["threads_cut_percent"] = cut;
        figures["threads_predicted_cut_percent"] = predictedCut;
        figures["awaited_cut_percent"] = awaitedCut;
        var outcome = verdict == Verdicts.Holds ? "close to the claimed 20%" : cut >= 10 ? "more than the claimed 20%" : cut > 0 ? "far less than the claimed 20%" : "no cut at all, against the claimed 20%";
        var reason = F($"With {few} → {many} dedicated threads the time went {t10.Client.Seconds:F2} → {t20.Client.Seconds:F2} s, {Change(t10.Client.Seconds, t20.Client.Seconds)}: {outcome}. ")
            + F($"Tasks × service time / workers gives {n * t10.Client.MeanMs / 1000 / few:F2} s for {few} workers (measured {t10.Client.Seconds:F2} s) and, were the service time unchanged, {100.0 * (1 - (double)few / many):F0}% less with {many}; the service time per task went {t10.Client.MeanMs:F1} → {t20.Client.MeanMs:F1} ms (mean; p99 {t10.Client.P99Ms:F1} → {t20.Client.P99Ms:F1} ms), which predicts {Cut(predictedCut)}")
            + F($" (client CPU {t10.Client.CpuPercent:F0}% → {t20.Client.CpuPercent:F0}%, server CPU {t10.Server.CpuPercent:F0}% → {t20.Server.CpuPercent:F0}% of {Environment.ProcessorCount} cores; the machine's cores {t10.Client.MachineBusyPercent:F0}% → {t20.Client.MachineBusyPercent:F0}% busy, counting every process). ")
            + F($"Awaited IO with at most {few} → {many} in flight: {a10.Client.Seconds:F2} → {a20.Client.Seconds:F2} s ({Change(a10.Client.Seconds, a20.Client.Seconds)}), on at most {a10.Client.PoolThreadsMax} → {a20.Client.PoolThreadsMax} pool threads; all {n} at once: {all.Client.Seconds:F2} s on at most {all.Client.PoolThreadsMax} pool threads ({all.Server.MaxInFlight} in flight at the server): ")
            + (all.Client.PoolThreadsMax < all.Server.MaxInFlight
                ? "awaited requests hold no thread while they wait, so what bounds them is how many are in flight, not how many threads there are."
                : "here the pool had as many threads as requests in flight.");
        return new ClaimResult(3,
            "Raising a worker pool from 10 to 20 threads cuts the time of short IO tasks by ≈ 20%.",
            F($"{n} GETs of {request.LatencyMs} ms server latency (small pages), in a fresh process each: a fixed pool of {few} and of {many} dedicated threads doing truly blocking IO (synchronous HttpClient.Send, as a thread-pool executor's workers), next to the same requests awaited with at most {few} and {many} in flight and all at once. Median of {_options.Claim3Repeats} run(s). Counted as holding within 10 points of 20%."),
            F($"threads {few}: {t10.Client.Seconds:F2} s, {many}: {t20.Client.Seconds:F2} s ({Change(t10.Client.Seconds, t20.Client.Seconds)}); awaited {few}: {a10.Client.Seconds:F2} s, {many}: {a20.Client.Seconds:F2} s ({Change(a10.Client.Seconds, a20.Client.Seconds)}), all at once {all.Client.Seconds:F2} s"),
            verdict, reason, figures);
    }

    private async Task<ClaimResult> Claim4BlockingInAsyncCode()
    {
        var request = new PageRequest { LatencyMs = 20, Items = 20 };
        const int PauseMs = 5;
        var n = _options.Claim4Handlers;
        _progress(F($"claim 4: {n} concurrent handlers, blocking (Thread.Sleep, GetResult), fresh process"));
        var blocking = await FreshProcessRun.MeasureAsync(_server.BaseAddress, FreshScenario.BlockingHandlers, PauseMs, Paths(request, n));
        _progress(F($"claim 4: {n} concurrent handlers, awaited (the fixes' output), fresh process"));
        var awaited = await FreshProcessRun.MeasureAsync(_server.BaseAddress, FreshScenario.AwaitedHandlers, PauseMs, Paths(request, n));
        BlockingPool = Thin(blocking.Pool);
        AwaitedPool = Thin(awaited.Pool);
        var ratio = blocking.Seconds / awaited.Seconds;
        var verdict = ratio >= 3 ? Verdicts.Holds : ratio >= 1.5 ? Verdicts.HoldsInPart : Verdicts.DoesNotHold;

        // Handlers running at a time, on average: their total nominal work over the wall time.
        var serviceSeconds = (PauseMs + request.LatencyMs) / 1000.0;
        var concurrency = n * serviceSeconds / blocking.Seconds;
        var awaitedConcurrency = n * serviceSeconds / awaited.Seconds;
        var peak = blocking.Pool.First(s => s.Threads == blocking.PoolThreadsMax);
        var growth = peak.Seconds > 0 ? (blocking.PoolThreadsMax - blocking.PoolThreadsAtStart) / peak.Seconds : 0;

        // When the first blocked handler completed, and how many threads the pool had by then.
        var firstDone = blocking.MinMs / 1000;
        var threadsAtFirst = blocking.Pool.LastOrDefault(s => s.Seconds <= firstDone)?.Threads ?? blocking.PoolThreadsAtStart;
        var reason = F($"Blocking: {n} handlers of {PauseMs + request.LatencyMs} ms took {blocking.Seconds:F2} s, {ratio:F1}x the awaited {awaited.Seconds:F2} s; a caller waited {blocking.P50Ms:F0} ms (median, p99 {blocking.P99Ms:F0} ms) against {awaited.P50Ms:F0} ms (p99 {awaited.P99Ms:F0} ms), {concurrency:F1} handlers running at a time on average against {awaitedConcurrency:F0}. ")
            + F($"The blocking run's pool grew from {blocking.PoolThreadsAtStart} to {blocking.PoolThreadsMax} threads ({growth:F1} threads/s) with up to {blocking.QueuedMax} work items queued; the first handler completed at {firstDone:F2} s, when the pool had {threadsAtFirst} threads")
            + (firstDone > blocking.Seconds / 2
                ? ": each blocked handler holds a thread while the IO completion it waits for needs a thread too, so almost nothing completed until the pool had grown enough threads. "
                : ", and handlers kept completing as threads were added. ")
            + F($"Awaited: at most {awaited.PoolThreadsMax} pool threads and {awaited.QueuedMax} queued items, the first handler done at {awaited.MinMs / 1000:F2} s.");
        return new ClaimResult(4,
            "Blocking calls inside async code destroy its concurrency.",
            F($"{n} request handlers queued at once to the thread pool of a fresh process (default pool, {Environment.ProcessorCount} cores), each a {PauseMs} ms pause and a {request.LatencyMs} ms GET: as flagged (Thread.Sleep, GetResult: AG0002, AG0001) and as AsyncGuard's fixes make them. The pool's threads and queue are sampled every 20 ms. Counted as holding from 3x slower."),
            F($"blocking {blocking.Seconds:F2} s (p99 wait {blocking.P99Ms:F0} ms, pool {blocking.PoolThreadsAtStart} → {blocking.PoolThreadsMax} threads); awaited {awaited.Seconds:F2} s (p99 {awaited.P99Ms:F0} ms, pool at most {awaited.PoolThreadsMax} threads); {ratio:F1}x"),
            verdict, reason,
            new Dictionary<string, double>
            {
                ["handlers"] = n, ["blocking_seconds"] = blocking.Seconds, ["awaited_seconds"] = awaited.Seconds, ["ratio"] = ratio,
                ["blocking_p50_ms"] = blocking.P50Ms, ["blocking_p99_ms"] = blocking.P99Ms, ["awaited_p50_ms"] = awaited.P50Ms, ["awaited_p99_ms"] = awaited.P99Ms,
                ["blocking_pool_threads_start"] = blocking.PoolThreadsAtStart, ["blocking_pool_threads_max"] = blocking.PoolThreadsMax,
                ["blocking_queued_max"] = blocking.QueuedMax, ["awaited_pool_threads_max"] = awaited.PoolThreadsMax, ["awaited_queued_max"] = awaited.QueuedMax,
                ["blocking_first_done_seconds"] = firstDone, ["blocking_threads_at_first_done"] = threadsAtFirst,
                ["blocking_concurrency"] = concurrency, ["awaited_concurrency"] = awaitedConcurrency, ["blocking_pool_growth_per_second"] = growth,
                ["blocking_cpu_percent"] = blocking.CpuPercent, ["awaited_cpu_percent"] = awaited.CpuPercent,
                ["blocking_machine_busy_percent"] = blocking.MachineBusyPercent, ["awaited_machine_busy_percent"] = awaited.MachineBusyPercent,
            });
    }

    /// <summary>At most about 400 samples, evenly spaced, for the report and its chart (the figures use every sample).</summary>
    private static IReadOnlyList<PoolSample> Thin(IReadOnlyList<PoolSample> samples)
    {
        var step = Math.Max(1, samples.Count / 400);
        return samples.Where((_, i) => i % step == 0 || i == samples.Count - 1).ToArray();
    }
}
