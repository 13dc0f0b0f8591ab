using System.Globalization;

namespace AsyncGuard.Harness;

/// <summary>The verdicts the report gives a claim.</summary>
internal static class Verdicts
{
    public const string Holds = "holds";
    public const string HoldsInPart = "holds in part";
    public const string DoesNotHold = "does not hold";
}

/// <summary>
/// One claim: what the article says, what the C# experiment maps it to, what was measured, and the verdict with its
/// reason (both computed from the figures).
/// </summary>
public sealed record ClaimResult(
    int Number,
    string Claim,
    string Experiment,
    string Measured,
    string Verdict,
    string Reason,
    IReadOnlyDictionary<string, double> Figures);

/// <summary>One degree of concurrency of a sweep (claim 5).</summary>
/// <param name="Degree">Requests allowed in flight at once (0: all at once).</param>
/// <param name="Requests">Requests sent.</param>
/// <param name="Seconds">Wall time of the whole batch.</param>
/// <param name="Failures">Requests that failed (rejected).</param>
/// <param name="P50Ms">Median request latency.</param>
/// <param name="P99Ms">99th percentile request latency.</param>
/// <param name="ClientCpuPercent">The client process's CPU over the batch, as a share of all cores.</param>
/// <param name="ServerCpuPercent">The server process's CPU over the batch, as a share of all cores.</param>
/// <param name="ServerMaxInFlight">Most requests the server had in flight at once.</param>
/// <param name="MachineBusyPercent">Share of all cores busy during the point, every process of the machine counted.</param>
public sealed record SweepPoint(int Degree, int Requests, double Seconds, int Failures, double P50Ms, double P99Ms, double ClientCpuPercent, double ServerCpuPercent, int ServerMaxInFlight, double MachineBusyPercent)
{
    public string Label => Degree == 0 ? "unbounded" : Degree.ToString(CultureInfo.InvariantCulture);

    /// <summary>Successful requests per second.</summary>
    public double Throughput => Seconds > 0 ? (Requests - Failures) / Seconds : 0;
}

/// <summary>Claim 6, one failure kind: batches lost without a guard and with AG0004's fix, and what the guard kept.</summary>
public sealed record FailureKindResult(string Kind, int Trials, int UnguardedLost, int GuardedLost, double GuardedKeptPerBatch, string UnguardedFailure, string GuardedFailure)
{
    public double UnguardedLossPercent => Trials > 0 ? 100.0 * UnguardedLost / Trials : 0;

    public double GuardedLossPercent => Trials > 0 ? 100.0 * GuardedLost / Trials : 0;
}

/// <summary>A whole run: mode, machine and its load, the claims, and the tables and series behind claims 4 to 6.</summary>
/// <param name="Mode">"quick" or "full".</param>
/// <param name="Machine">Cores, operating system and .NET version.</param>
/// <param name="Source">Where the claims come from.</param>
/// <param name="StartedAt">When the run started (UTC).</param>
/// <param name="Minutes">How long it took.</param>
/// <param name="LoadBefore">Machine load when the run started.</param>
/// <param name="LoadAfter">Machine load when it ended.</param>
/// <param name="MachineBusyPercent">Share of all cores busy during the run, every process of the machine counted.</param>
/// <param name="Claims">The six claims, in order.</param>
/// <param name="CpuSweep">Claim 5 against a server whose limit is its CPU work on this machine's cores.</param>
/// <param name="CapacitySweep">Claim 5's second scenario: a configured capacity that rejects beyond it.</param>
/// <param name="QueuedSweep">The configured capacity, queueing instead of rejecting.</param>
/// <param name="FailureKinds">Claim 6, per failure kind, and the mixed run last.</param>
/// <param name="BlockingPool">Claim 4: the thread pool over time, blocking handlers.</param>
/// <param name="AwaitedPool">Claim 4: the thread pool over time, awaited handlers.</param>
public sealed record HarnessReport(
    string Mode,
    string Machine,
    string Source,
    DateTimeOffset StartedAt,
    double Minutes,
    MachineLoad LoadBefore,
    MachineLoad LoadAfter,
    double MachineBusyPercent,
    IReadOnlyList<ClaimResult> Claims,
    IReadOnlyList<SweepPoint> CpuSweep,
    IReadOnlyList<SweepPoint> CapacitySweep,
    IReadOnlyList<SweepPoint> QueuedSweep,
    IReadOnlyList<FailureKindResult> FailureKinds,
    IReadOnlyList<PoolSample> BlockingPool,
    IReadOnlyList<PoolSample> AwaitedPool);
