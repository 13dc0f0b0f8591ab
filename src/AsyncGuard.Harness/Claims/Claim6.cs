using System.Net;
using System.Net.Sockets;
using Fast = AsyncGuard.Harness.Variants.Fast;
using Slow = AsyncGuard.Harness.Variants.Slow;

namespace AsyncGuard.Harness.Claims;

internal sealed partial class Experiments
{
    /// <summary>The failure kinds claim 6 injects, each as real services fail.</summary>
    public static readonly FaultKind[] InjectedFaults =
        [FaultKind.ServerError, FaultKind.ConnectionReset, FaultKind.ConnectionRefused, FaultKind.Timeout, FaultKind.TruncatedBody, FaultKind.MalformedPayload];

    private async Task<ClaimResult> Claim6FailuresInLargeFanOuts()
    {
        var n = _options.Claim6Items;
        using var client = _server.CreateClient(_options.Claim6Timeout).Client;
        var closedPort = ClosedPort();
        var random = new Random(6);
        var page = new PageRequest { LatencyMs = 1, Items = 20 };

        string PathOf(long id, FaultKind fault) => fault == FaultKind.ConnectionRefused
            ? F($"http://127.0.0.1:{closedPort}/{page.PathOf(id)}")
            : (page with { Fault = fault }).PathOf(id);

        IReadOnlyList<string> Batch(Func<int, FaultKind> faultOf)
        {
            var first = Interlocked.Add(ref _nextId, n) - n;
            return Enumerable.Range(0, n).Select(i => PathOf(first + i, faultOf(i))).ToArray();
        }

        // Each kind alone: batches with exactly one failing item, so the loss is that kind's, unguarded and guarded.
        foreach (var fault in InjectedFaults)
        {
            _progress(F($"claim 6: {_options.Claim6TrialsPerKind} batches of {n} items with one {fault}"));
            var batches = Enumerable.Range(0, _options.Claim6TrialsPerKind).Select(_ =>
            {
                var failing = random.Next(n);
                return (Paths: Batch(i => i == failing ? fault : FaultKind.None), Failing: 1);
            }).ToList();
            FailureKinds.Add(await RunBatchesAsync(client, fault.ToString(), batches));
        }

        // The mix: every kind equally likely, at a rate that puts a failure in ≈ 15% of batches (the article's figure).
        var rate = 1 - Math.Pow(0.85, 1.0 / n);
        _progress(F($"claim 6: {_options.Claim6MixedTrials} batches of {n} items, every failure kind at {100 * rate:F3}% per item"));
        var mixed = Enumerable.Range(0, _options.Claim6MixedTrials).Select(_ =>
        {
            var faults = Enumerable.Range(0, n).Select(_ => random.NextDouble() < rate ? InjectedFaults[random.Next(InjectedFaults.Length)] : FaultKind.None).ToArray();
            return (Paths: Batch(i => faults[i]), Failing: faults.Count(f => f != FaultKind.None));
        }).ToList();
        var mix = await RunBatchesAsync(client, "mixed", mixed);
        FailureKinds.Add(mix);

        var withFailure = mixed.Count(b => b.Failing > 0);
        var perKind = FailureKinds.Take(InjectedFaults.Length).ToList();
        var covered = perKind.Where(k => k.GuardedLost == 0).Select(k => k.Kind).ToList();
        var uncovered = perKind.Where(k => k.GuardedLost > 0).ToList();
        var u = mix.UnguardedLossPercent;
        var g = mix.GuardedLossPercent;
        var verdict = g < 5 && u >= 10 ? Verdicts.Holds : g < u ? Verdicts.HoldsInPart : Verdicts.DoesNotHold;
        var reason = F($"Mixed run: {withFailure} of {mix.Trials} batches contained a failure ({100.0 * withFailure / mix.Trials:F0}%; the rate was set so that ≈ 15% would, the article's figure), and without a guard {u:F0}% of batches were lost; with AG0004's fix {g:F0}% were lost, keeping {mix.GuardedKeptPerBatch:F1} of {n} results per batch. ")
            + F($"Alone, each kind lost every unguarded batch it hit ({perKind.Sum(k => k.UnguardedLost)} of {perKind.Sum(k => k.Trials)}); with the fix, ")
            + (covered.Count > 0 ? F($"no batch was lost to {string.Join(", ", covered)}") : "every kind still lost batches")
            + (uncovered.Count > 0
                ? "; " + string.Join("; ", uncovered.Select(k => F($"{k.Kind} still lost {k.GuardedLost} of {k.Trials} ({k.GuardedFailure} is not caught by the fix)"))) + "."
                : ": the fix catches every kind injected.");
        return new ClaimResult(6,
            "500 tasks: ≈ 15% of runs crash without exception handling, < 5% with try/except.",
            F($"Batches of {n} GETs fanned out with Task.WhenAll, each page deserialized and totalled: as flagged (no guard: AG0004, unbounded: AG0003) and as AsyncGuard's fixes make it (each item in a try/catch of IO failures, and a throttle). Failures as real services fail: 500, connection reset, connection refused, a response slower than the client's {_options.Claim6Timeout.TotalSeconds:F1} s timeout, a truncated body, a malformed payload. {_options.Claim6TrialsPerKind} batches per kind with one failing item, then {_options.Claim6MixedTrials} batches of the mix. A batch is lost when the call throws. Holds when the fix loses under 5% of the mixed batches and the unguarded code at least 10%."),
            F($"mixed: unguarded {u:F0}% of batches lost, guarded {g:F0}%; per kind, guarded losses: {string.Join(", ", perKind.Select(k => F($"{k.Kind} {k.GuardedLost}/{k.Trials}")))}"),
            verdict, reason,
            new Dictionary<string, double>
            {
                ["items"] = n, ["mixed_trials"] = mix.Trials, ["mixed_batches_with_failure"] = withFailure, ["failure_rate_percent"] = 100 * rate,
                ["unguarded_batch_loss_percent"] = u, ["guarded_batch_loss_percent"] = g, ["guarded_kept_per_batch"] = mix.GuardedKeptPerBatch,
                ["kinds_covered"] = covered.Count, ["kinds_not_covered"] = uncovered.Count,
            });
    }

    /// <summary>Runs every batch through the flagged code and through the fixed code.</summary>
    private async Task<FailureKindResult> RunBatchesAsync(HttpClient client, string kind, IReadOnlyList<(IReadOnlyList<string> Paths, int Failing)> batches)
    {
        int unguardedLost = 0, guardedLost = 0;
        long guardedKept = 0;
        var unguardedFailures = new List<string>();
        var guardedFailures = new List<string>();
        foreach (var (paths, _) in batches)
        {
            try
            {
                await Slow.GuardVariants.StockValuesAsync(client, paths, CancellationToken.None);
            }
            catch (Exception exception)
            {
                unguardedLost++;
                unguardedFailures.Add(exception.GetType().Name);
            }

            try
            {
                var values = await Fast.GuardVariants.StockValuesAsync(client, paths, CancellationToken.None);
                guardedKept += values.Count;
            }
            catch (Exception exception)
            {
                guardedLost++;
                guardedFailures.Add(exception.GetType().Name);
            }
        }

        static string Most(List<string> names) => names.Count == 0 ? "-" : names.GroupBy(x => x).MaxBy(g => g.Count())!.Key;
        return new FailureKindResult(kind, batches.Count, unguardedLost, guardedLost,
            batches.Count > guardedLost ? (double)guardedKept / (batches.Count - guardedLost) : 0, Most(unguardedFailures), Most(guardedFailures));
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
