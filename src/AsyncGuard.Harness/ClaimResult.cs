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

public sealed record HarnessReport(
    string Mode,
    string Machine,
    DateTimeOffset StartedAt,
    IReadOnlyList<ClaimResult> Claims,
    IReadOnlyList<SweepPoint> Sweep);
