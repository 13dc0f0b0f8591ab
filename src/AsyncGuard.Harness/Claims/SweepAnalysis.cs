namespace AsyncGuard.Harness.Claims;

/// <summary>What a concurrency sweep shows, found from its points alone (claim 5).</summary>
/// <param name="Peak">The point of highest throughput.</param>
/// <param name="Knee">The lowest degree whose throughput is within 10% of the peak.</param>
/// <param name="Last">The highest degree swept.</param>
/// <param name="DropPercent">How far the last point's throughput fell below the peak.</param>
/// <param name="P99Growth">The last point's p99 latency over the knee's.</param>
/// <param name="Verdict">Too much concurrency: costs throughput (holds), costs only latency past a plateau (in part), or neither (does not hold).</param>
internal sealed record SweepAnalysis(SweepPoint Peak, SweepPoint Knee, SweepPoint Last, double DropPercent, double P99Growth, string Verdict)
{
    /// <summary>A drop or a plateau counts when it is larger than this share of the peak.</summary>
    public const double Tolerance = 0.10;

    /// <param name="points">In sweep order: rising degrees, unbounded (0) last.</param>
    public static SweepAnalysis Of(IReadOnlyList<SweepPoint> points)
    {
        var peak = points.MaxBy(p => p.Throughput)!;
        var knee = points.First(p => p.Throughput >= (1 - Tolerance) * peak.Throughput);
        var last = points[^1];
        var drop = 100 * (1 - last.Throughput / peak.Throughput);
        var growth = knee.P99Ms > 0 ? last.P99Ms / knee.P99Ms : 0;
        var verdict = knee == last ? Verdicts.DoesNotHold
            : drop >= 100 * Tolerance ? Verdicts.Holds
            : growth >= 2 ? Verdicts.HoldsInPart
            : Verdicts.DoesNotHold;
        return new SweepAnalysis(peak, knee, last, drop, growth, verdict);
    }
}
