using Fast = AsyncGuard.Harness.Variants.Fast;
using Slow = AsyncGuard.Harness.Variants.Slow;

namespace AsyncGuard.Harness.Claims;

internal sealed partial class Experiments
{
    private async Task<ClaimResult> Claim5SweetSpot()
    {
        // A server whose limit is nobody's setting: each request waits on IO, then renders a fresh page (real CPU work
        // on this machine's cores, shared with the client and whatever else runs here).
        var cpuServer = new PageRequest { LatencyMs = _options.Claim5LatencyMs, Items = _options.Claim5RenderItems, Render = true };
        var n = _options.Claim5Requests;
        var renderMs = RenderCost(cpuServer.Items);
        foreach (var degree in _options.Claim5Degrees)
        {
            CpuSweep.Add(await SweepPointAsync("CPU-bound server", cpuServer, n, degree));
        }

        // The second scenario, a limit we configure: it holds by construction and does not enter the verdict.
        var capacity = new PageRequest { LatencyMs = 20, Items = 20, Capacity = _options.Capacity };
        foreach (var degree in _options.CapacityDegrees)
        {
            CapacitySweep.Add(await SweepPointAsync("capacity server, rejecting", capacity, _options.CapacityRequests, degree));
        }

        foreach (var degree in _options.CapacityDegrees)
        {
            QueuedSweep.Add(await SweepPointAsync("capacity server, queueing", capacity with { Queue = true }, _options.CapacityRequests, degree));
        }

        _progress("claim 5: the flagged all-at-once fan-out and AsyncGuard's fix, CPU-bound server");
        var unbounded = await MeasureAsync(() => Slow.FanOutVariants.FetchAllAsync(_client, Paths(cpuServer, n)));
        var fixedRun = await MeasureAsync(() => Fast.FanOutVariants.FetchAllAsync(_client, Paths(cpuServer, n)));

        var analysis = SweepAnalysis.Of(CpuSweep);
        var first = CpuSweep[0];
        var cores = Environment.ProcessorCount;

        // CPU per request (client and server; the least over the sweep, where fixed costs weigh least), and the
        // concurrency at which it would fill every core.
        var cpuMs = CpuSweep.Min(p => 1000 * (p.ClientCpuPercent + p.ServerCpuPercent) / 100 * cores * p.Seconds / p.Requests);
        var predictedKnee = cores * (cpuServer.LatencyMs + cpuMs) / cpuMs;
        var pastKnee = CpuSweep.SkipWhile(p => p != analysis.Knee).Skip(1).ToList();
        var cleanCapacity = CapacitySweep.Where(p => p.Failures == 0).ToList();
        var bestCapacity = cleanCapacity.Count > 0 ? cleanCapacity.MaxBy(p => p.Throughput) : null;
        var rejected = CapacitySweep.Where(p => p.Failures > 0).ToList();
        var fixedDegree = fixedRun.Server.MaxInFlight;
        var fixedPlace = fixedDegree < analysis.Knee.Degree ? "below" : fixedDegree == analysis.Knee.Degree ? "at" : "above";

        var reason = F($"CPU-bound server: throughput rose from {first.Throughput:F0} req/s at degree 1 to a peak of {analysis.Peak.Throughput:F0} req/s at {analysis.Peak.Label}; the knee (first degree within 10% of the peak) is {analysis.Knee.Label}. ")
            + F($"Rendering and compressing one page costs {renderMs:F1} ms of CPU (measured alone); a request cost at least {cpuMs:F1} ms of CPU in all (client and server, the least over the sweep), which fills {cores} cores at about {predictedKnee:F0} requests in flight. ")
            + (pastKnee.Count > 0
                ? F($"Past the knee the machine's cores were {pastKnee.Average(p => p.MachineBusyPercent):F0}% busy (every process; at the knee {analysis.Knee.MachineBusyPercent:F0}%, at degree 1 {first.MachineBusyPercent:F0}%), the server's own share {pastKnee.Average(p => p.ServerCpuPercent):F0}% and the client's {pastKnee.Average(p => p.ClientCpuPercent):F0}%, and requests queued in the server (up to {analysis.Last.ServerMaxInFlight} in flight): p99 latency {analysis.Knee.P99Ms:F0} → {analysis.Last.P99Ms:F0} ms ({analysis.P99Growth:F1}x), throughput at {analysis.Last.Label} {analysis.Last.Throughput:F0} req/s, {analysis.DropPercent:F0}% below the peak. ")
                : "No degree past the knee was swept. ")
            + (analysis.Verdict == Verdicts.Holds ? "Too much concurrency cost throughput: there is a best degree. "
                : analysis.Verdict == Verdicts.HoldsInPart ? "Past the knee more concurrency bought no throughput and cost latency: a sweet spot exists, but contention costs latency, not throughput. "
                : "More concurrency never cost throughput here (no sweet spot beyond which it hurts). ")
            + F($"AsyncGuard's fixed fan-out ({fixedDegree} in flight at most, {fixedPlace} the knee) took {fixedRun.Client.Seconds:F2} s at p99 {fixedRun.Client.P99Ms:F0} ms, the flagged all-at-once one {unbounded.Client.Seconds:F2} s at p99 {unbounded.Client.P99Ms:F0} ms. ")
            + F($"Configured capacity of {_options.Capacity} (by construction, not in the verdict): ")
            + (bestCapacity != null ? F($"rejecting, the best clean degree is {bestCapacity.Label} ({bestCapacity.Seconds:F2} s)") : "rejecting, no degree ran clean")
            + (rejected.Count > 0 ? F($"; from degree {rejected[0].Label} on, {rejected[0].Failures} of {rejected[0].Requests} were rejected") : "; nothing was rejected")
            + F($"; queueing, {QueuedSweep.Sum(p => p.Failures)} failures and {QueuedSweep.Single(p => p.Degree == _options.Capacity).Seconds:F2} s at {_options.Capacity} against {QueuedSweep[^1].Seconds:F2} s unbounded.");
        return new ClaimResult(5,
            "Too much concurrency causes contention: there is a sweet spot to find.",
            F($"{n} GETs per degree of concurrency (a SemaphoreSlim throttle, as AG0003's fix), degrees {string.Join(", ", CpuSweep.Select(p => p.Label))}, against a server whose limit nobody set: each request awaits {cpuServer.LatencyMs} ms of IO, then renders a fresh page of {cpuServer.Items} products and gzips it (real CPU work on the machine's {cores} cores). Throughput and p50/p99 latency per degree; the knee is found from the data. Holds when the highest degree loses at least 10% of the peak throughput; in part when throughput plateaus and p99 at least doubles past the knee. Second scenario: a server with a configured capacity of {_options.Capacity}, rejecting or queueing beyond it."),
            F($"knee at {analysis.Knee.Label} ({analysis.Knee.Throughput:F0} req/s, p99 {analysis.Knee.P99Ms:F0} ms), peak {analysis.Peak.Throughput:F0} req/s at {analysis.Peak.Label}; {analysis.Last.Label}: {analysis.Last.Throughput:F0} req/s, p99 {analysis.Last.P99Ms:F0} ms; fixed fan-out {fixedRun.Client.Seconds:F2} s vs all at once {unbounded.Client.Seconds:F2} s"),
            analysis.Verdict, reason,
            new Dictionary<string, double>
            {
                ["requests"] = n, ["knee_degree"] = analysis.Knee.Degree, ["peak_degree"] = analysis.Peak.Degree,
                ["peak_throughput"] = analysis.Peak.Throughput, ["knee_throughput"] = analysis.Knee.Throughput, ["last_throughput"] = analysis.Last.Throughput,
                ["drop_percent"] = analysis.DropPercent, ["p99_growth"] = analysis.P99Growth, ["cpu_ms_per_request"] = cpuMs, ["render_ms"] = renderMs, ["predicted_knee"] = predictedKnee,
                ["fixed_seconds"] = fixedRun.Client.Seconds, ["fixed_p99_ms"] = fixedRun.Client.P99Ms, ["fixed_server_max_in_flight"] = fixedDegree,
                ["unbounded_seconds"] = unbounded.Client.Seconds, ["unbounded_p99_ms"] = unbounded.Client.P99Ms,
                ["capacity"] = _options.Capacity, ["capacity_best_clean_degree"] = bestCapacity?.Degree ?? -1,
            });
    }

    private async Task<SweepPoint> SweepPointAsync(string scenario, PageRequest request, int n, int degree)
    {
        _progress(F($"claim 5: {scenario}, degree {(degree == 0 ? "unbounded" : degree.ToString(Invariant))}, {n} requests"));
        var paths = Paths(request, n);
        var failures = 0;
        IReadOnlyList<double> latencies = [];
        var machine = MachineLoad.Read();
        var (client, server) = await MeasureAsync(async () => (failures, latencies) = await ThrottledFetch.FetchAsync(_client, paths, degree));
        var metrics = client with { P50Ms = Measure.Percentile(latencies, 50), P99Ms = Measure.Percentile(latencies, 99) };
        return new SweepPoint(degree, n, metrics.Seconds, failures, metrics.P50Ms, metrics.P99Ms, metrics.CpuPercent, server.CpuPercent, server.MaxInFlight, MachineLoad.Read().BusyPercentSince(machine));
    }

    /// <summary>CPU milliseconds the server spends rendering and compressing one page of <paramref name="items"/> products.</summary>
    private static double RenderCost(int items)
    {
        LoopbackServer.RenderCompressed(1, items);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        const int Rounds = 20;
        for (var i = 0; i < Rounds; i++)
        {
            LoopbackServer.RenderCompressed(i, items);
        }

        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds / Rounds;
    }
}
