using System.Globalization;

namespace AsyncGuard.Harness.Claims;

/// <summary>
/// The six claims, each measured against the loopback server. The slow code is what AsyncGuard flags, the fast code is
/// exactly what its fixes make of it (Variants/Slow and Variants/Fast; a test checks the correspondence). Every verdict
/// and every reason is computed from the figures of the run.
/// </summary>
internal sealed partial class Experiments : IDisposable
{
    private readonly ServerProcess _server;
    private readonly HarnessOptions _options;
    private readonly Action<string> _progress;

    public Experiments(ServerProcess server, HarnessOptions options, Action<string> progress)
    {
        _server = server;
        _options = options;
        _progress = progress;
        (_client, _timing) = server.CreateClient();
    }

    public const string Source =
        "The six claims and their figures come from an article on IO performance with Python 3.8's asyncio (as quoted in "
        + "the project's issue 10). The article measures Python code; each claim is mapped here to the C# code that expresses "
        + "the same idea, and that C# code is what is measured, on real HTTP over loopback.";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly HttpClient _client;
    private readonly TimingHandler _timing;
    private long _nextId = 1;

    public List<SweepPoint> CpuSweep { get; } = [];

    public List<SweepPoint> CapacitySweep { get; } = [];

    public List<SweepPoint> QueuedSweep { get; } = [];

    public List<FailureKindResult> FailureKinds { get; } = [];

    public IReadOnlyList<PoolSample> BlockingPool { get; private set; } = [];

    public IReadOnlyList<PoolSample> AwaitedPool { get; private set; } = [];

    public async Task<IReadOnlyList<ClaimResult>> RunAllAsync()
    {
        _progress("warming up the server, the connection pool and the JSON code");
        await Variants.Fast.BlockingVariants.StockValueAsync(_client, Paths(new PageRequest { LatencyMs = 1, Items = _options.PageItems }, 32));
        return
        [
            await Claim1SyncVersusAsync(),
            await Claim2TenGatheredRequests(),
            await Claim3WorkerPoolSize(),
            await Claim4BlockingInAsyncCode(),
            await Claim5SweetSpot(),
            await Claim6FailuresInLargeFanOuts(),
        ];
    }

    public void Dispose() => _client.Dispose();

    private IReadOnlyList<string> Paths(PageRequest request, int count)
    {
        var first = Interlocked.Add(ref _nextId, count) - count;
        return request.Paths(count, first);
    }

    /// <summary>Measures <paramref name="work"/> on this process (requests timed by the client) and on the server.</summary>
    private async Task<(RunMetrics Client, ServerStats Server)> MeasureAsync(Func<Task> work)
    {
        await _server.StatsAsync();
        var metrics = await Measure.RunAsync(work, _timing);
        return (metrics, await _server.StatsAsync());
    }

    private static string F(FormattableString text) => text.ToString(Invariant);

    /// <summary>"12% less" or "12% more" for a change from <paramref name="before"/> to <paramref name="after"/>.</summary>
    private static string Change(double before, double after) => Cut(100 * (before - after) / before);

    /// <summary>"12% less" for a cut of 12%, "5% more" for a cut of -5%.</summary>
    private static string Cut(double percent) => F($"{Math.Abs(percent):F0}% {(percent >= 0 ? "less" : "more")}");
}
