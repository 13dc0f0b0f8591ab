using System.Diagnostics;
using System.Text;
using Fast = AsyncGuard.Harness.Variants.Fast;
using Slow = AsyncGuard.Harness.Variants.Slow;

namespace AsyncGuard.Harness.Claims;

internal sealed partial class Experiments
{
    private async Task<ClaimResult> Claim1SyncVersusAsync()
    {
        var request = new PageRequest { LatencyMs = _options.Claim1LatencyMs, Items = _options.PageItems };
        var n = _options.Claim1Requests;
        _progress(F($"claim 1: {n} requests of {request.LatencyMs} ms, blocking items"));
        var blocking = await MeasureAsync(() => Slow.BlockingVariants.StockValueAsync(_client, Paths(request, n)));
        _progress(F($"claim 1: {n} requests of {request.LatencyMs} ms, all awaited at once"));
        var gathered = await MeasureAsync(() => Slow.FanOutVariants.FetchAllAsync(_client, Paths(request, n)));
        _progress(F($"claim 1: {n} requests of {request.LatencyMs} ms, AsyncGuard's fixed code"));
        var fixedRun = await MeasureAsync(() => Fast.BlockingVariants.StockValueAsync(_client, Paths(request, n)));
        var (parseMs, pageKb) = ParseCost(request.Items);

        var cores = Environment.ProcessorCount;
        var speedup = blocking.Client.Seconds / gathered.Client.Seconds;
        var cpuPerResponseMs = 1000 * gathered.Client.CpuSeconds / n;
        var neededMs = 1000 * 0.85 * gathered.Client.Seconds * cores / n;
        var timeHolds = speedup >= 3;
        var cpuHolds = gathered.Client.CpuPercent > 85;
        var verdict = timeHolds && cpuHolds ? Verdicts.Holds : timeHolds ? Verdicts.HoldsInPart : Verdicts.DoesNotHold;
        var reason = F($"Time: all at once took {gathered.Client.Seconds:F2} s, {speedup:F1}x faster than blocking ({blocking.Client.Seconds:F2} s; the article: 15 s → 3 s, 5x; counted as holding from 3x), ")
            + (timeHolds ? "so the speed-up holds" : "so the speed-up does not hold")
            + F($"; AsyncGuard's fixed code took {fixedRun.Client.Seconds:F2} s, with at most {fixedRun.Server.MaxInFlight} requests in flight at the server (all at once: {gathered.Server.MaxInFlight}; blocking: {blocking.Server.MaxInFlight}). ")
            + F($"CPU: a response cost the client {cpuPerResponseMs:F2} ms of CPU (parsing a {pageKb:F0} KB page alone, timed apart: {parseMs:F2} ms); the machine's cores were {gathered.Client.MachineBusyPercent:F0}% busy during the awaited run, counting every process; the blocking run spread {blocking.Client.CpuSeconds:F2} s of CPU over {blocking.Client.Seconds:F1} s ({blocking.Client.CpuPercent:F1}% of {cores} cores), the awaited run {gathered.Client.CpuSeconds:F2} s over {gathered.Client.Seconds:F2} s ({gathered.Client.CpuPercent:F1}%); ")
            + (cpuHolds
                ? "above 85%, as claimed."
                : F($"85% would need {neededMs:F1} ms of CPU per response here, {neededMs / cpuPerResponseMs:F0}x what a response costs, so the CPU share stays below the claim's."));
        return new ClaimResult(1,
            "100 requests: synchronous ≈ 15 s at ≈ 30% CPU; asynchronous ≈ 3 s at > 85% CPU.",
            F($"{n} GETs of {request.LatencyMs} ms server latency, each a catalog page of {request.Items} products ({pageKb:F0} KB JSON) the client deserializes and totals. Synchronous = a fan-out whose items block on .Result (AG0001; they run one after another); asynchronous = the same requests awaited, all at once (Task.WhenAll); also AsyncGuard's fixed code (every fix applied). CPU = this process's CPU time over wall time, all {cores} cores."),
            F($"blocking {blocking.Client.Seconds:F2} s at {blocking.Client.CpuPercent:F1}% CPU; awaited all at once {gathered.Client.Seconds:F2} s at {gathered.Client.CpuPercent:F1}% CPU; fixed code {fixedRun.Client.Seconds:F2} s at {fixedRun.Client.CpuPercent:F1}% CPU"),
            verdict, reason,
            new Dictionary<string, double>
            {
                ["requests"] = n, ["latency_ms"] = request.LatencyMs, ["page_kb"] = pageKb, ["parse_ms"] = parseMs,
                ["sync_seconds"] = blocking.Client.Seconds, ["sync_cpu_percent"] = blocking.Client.CpuPercent,
                ["async_seconds"] = gathered.Client.Seconds, ["async_cpu_percent"] = gathered.Client.CpuPercent,
                ["fixed_seconds"] = fixedRun.Client.Seconds, ["fixed_cpu_percent"] = fixedRun.Client.CpuPercent,
                ["fixed_server_max_in_flight"] = fixedRun.Server.MaxInFlight, ["async_server_max_in_flight"] = gathered.Server.MaxInFlight,
                ["sync_server_max_in_flight"] = blocking.Server.MaxInFlight,
                ["cpu_ms_per_response"] = cpuPerResponseMs, ["machine_busy_percent"] = gathered.Client.MachineBusyPercent, ["cpu_ms_per_response_for_85_percent"] = neededMs, ["speedup"] = speedup,
            });
    }

    private async Task<ClaimResult> Claim2TenGatheredRequests()
    {
        var request = new PageRequest { LatencyMs = 100, Items = _options.PageItems };
        var latency = request.LatencyMs / 1000.0;
        _progress("claim 2: ten requests of 100 ms: all at once, blocking, fixed code");
        var gathered = await MeasureAsync(() => Slow.FanOutVariants.FetchAllAsync(_client, Paths(request, 10)));
        var blocking = await MeasureAsync(() => Slow.BlockingVariants.StockValueAsync(_client, Paths(request, 10)));
        var fixedRun = await MeasureAsync(() => Fast.BlockingVariants.StockValueAsync(_client, Paths(request, 10)));
        var g = gathered.Client.Seconds;
        var b = blocking.Client.Seconds;
        var f = fixedRun.Client.Seconds;
        var verdict = g <= 1.5 * latency && b >= 9 * latency ? Verdicts.Holds : g < b / 3 ? Verdicts.HoldsInPart : Verdicts.DoesNotHold;
        return new ClaimResult(2,
            "Ten requests of 0.1 s gathered complete in ≈ 0.1 s, not 1 s.",
            "Ten GETs of 100 ms server latency (catalog pages, deserialized): awaited all at once (Task.WhenAll, as asyncio.gather); blocking items (AG0001); AsyncGuard's fixed code. Counted as holding when all at once takes at most 1.5 latencies and blocking at least 9.",
            F($"all at once {g:F3} s; blocking {b:F3} s; fixed code {f:F3} s"),
            verdict,
            F($"All at once took {g / latency:F1} request latencies, the server saw {gathered.Server.MaxInFlight} requests in flight at once (median request {gathered.Client.P50Ms:F0} ms); blocking took {b / latency:F1} latencies and the server never saw more than {blocking.Server.MaxInFlight} at once: the items ran one after another. ")
                + F($"AsyncGuard's fixed code took {f / latency:F1} latencies with at most {fixedRun.Server.MaxInFlight} in flight: ")
                + (fixedRun.Server.MaxInFlight < 10
                    ? F($"ten requests {fixedRun.Server.MaxInFlight} at a time take {Math.Ceiling(10.0 / Math.Max(1, fixedRun.Server.MaxInFlight)):F0} rounds.")
                    : "all ten ran together."),
            new Dictionary<string, double>
            {
                ["gathered_seconds"] = g, ["blocking_seconds"] = b, ["fixed_seconds"] = f,
                ["gathered_server_max_in_flight"] = gathered.Server.MaxInFlight, ["blocking_server_max_in_flight"] = blocking.Server.MaxInFlight,
                ["fixed_server_max_in_flight"] = fixedRun.Server.MaxInFlight,
            });
    }

    /// <summary>CPU milliseconds to deserialize one page of <paramref name="items"/> products, and its size in KB.</summary>
    private static (double Ms, double Kb) ParseCost(int items)
    {
        // Warmed up well past tiered compilation's thresholds, so the optimized code is what is timed.
        var json = CatalogPage.Create(1, items).ToJson();
        for (var i = 0; i < 200; i++)
        {
            CatalogPage.Parse(json);
        }

        Thread.Sleep(300);

        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        const int Rounds = 200;
        for (var i = 0; i < Rounds; i++)
        {
            CatalogPage.Parse(json);
        }

        process.Refresh();
        return ((process.TotalProcessorTime - before).TotalMilliseconds / Rounds, Encoding.UTF8.GetByteCount(json) / 1024.0);
    }
}
