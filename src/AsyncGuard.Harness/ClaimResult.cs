namespace AsyncGuard.Harness;

/// <summary>The verdicts the report gives a claim.</summary>
internal static class Verdicts
{
    public const string Holds = "holds";
    public const string HoldsInPart = "holds in part";
    public const string DoesNotHold = "does not hold";
}

/// <summary>One claim, what was measured for it, and the verdict with its reason.</summary>
public sealed record ClaimResult(
    int Number,
    string Claim,
    string Measured,
    string Verdict,
    string Reason,
    IReadOnlyDictionary<string, double> Figures);

/// <summary>One point of the concurrency sweep (claim 5).</summary>
public sealed record SweepPoint(int Degree, double Seconds, int Failures, int Requests)
{
    public string Label => Degree == 0 ? "unbounded" : Degree.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A whole run: its mode and machine, the claims, and claim 5's sweeps.</summary>
/// <param name="Mode">"quick" or "full".</param>
/// <param name="Machine">Cores, operating system and .NET version.</param>
/// <param name="StartedAt">When the run started (UTC).</param>
/// <param name="Claims">The six claims, in order.</param>
/// <param name="Sweep">Claim 5 against a server that rejects requests beyond its capacity.</param>
/// <param name="QueuedSweep">The same degrees against a server that queues them instead.</param>
public sealed record HarnessReport(
    string Mode,
    string Machine,
    DateTimeOffset StartedAt,
    IReadOnlyList<ClaimResult> Claims,
    IReadOnlyList<SweepPoint> Sweep,
    IReadOnlyList<SweepPoint> QueuedSweep);
