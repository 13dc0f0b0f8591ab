using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace AsyncGuard.Harness;

/// <summary>
/// One sample of the thread pool: when (seconds since the start), its threads, its queued work items, and the threads
/// of the whole process (dedicated threads included).
/// </summary>
public sealed record PoolSample(double Seconds, int Threads, long Queued, int ProcessThreads);

/// <summary>What one measured run did: time, CPU, latency percentiles and the thread pool over time.</summary>
public sealed record RunMetrics
{
    public double Seconds { get; init; }

    /// <summary>CPU time of the measuring process during the run.</summary>
    public double CpuSeconds { get; init; }

    /// <summary><see cref="CpuSeconds"/> as a share of all cores over the run.</summary>
    public double CpuPercent => Seconds > 0 ? 100 * CpuSeconds / Seconds / Environment.ProcessorCount : 0;

    public int Count { get; init; }

    /// <summary>Per-item latency (a request, or a handler from arrival to completion), median and 99th percentile.</summary>
    public double P50Ms { get; init; }

    public double P99Ms { get; init; }

    public double MeanMs { get; init; }

    /// <summary>The shortest per-item latency: for a burst, when the first item completed.</summary>
    public double MinMs { get; init; }

    public int PoolThreadsAtStart { get; init; }

    public int PoolThreadsMax { get; init; }

    /// <summary>Most work items waiting in the thread pool's queues at one sample.</summary>
    public long QueuedMax { get; init; }

    /// <summary>Most threads of the whole process at one sample (dedicated threads included).</summary>
    public int ProcessThreads { get; init; }

    /// <summary>Share of all cores busy during the run, every process of the machine counted.</summary>
    public double MachineBusyPercent { get; init; }

    public IReadOnlyList<PoolSample> Pool { get; init; } = [];
}

/// <summary>Samples the thread pool from a dedicated thread, so that it keeps sampling while the pool is starved.</summary>
internal sealed class PoolSampler : IDisposable
{
    private readonly List<PoolSample> _samples = [];
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Thread _thread;
    private volatile bool _stop;

    public PoolSampler(int intervalMs = 20)
    {
        _thread = new Thread(() =>
        {
            while (!_stop)
            {
                Take();
                Thread.Sleep(intervalMs);
            }
        })
        { IsBackground = true, Name = "pool sampler" };
        Take();
        _thread.Start();
    }

    public IReadOnlyList<PoolSample> Stop()
    {
        _stop = true;
        _thread.Join();
        Take();
        lock (_samples)
        {
            return _samples.ToArray();
        }
    }

    private void Take()
    {
        var sample = new PoolSample(_watch.Elapsed.TotalSeconds, ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, ProcessThreadCount());
        lock (_samples)
        {
            _samples.Add(sample);
        }
    }

    public void Dispose() => _stop = true;

    private static int ProcessThreadCount()
    {
        if (Directory.Exists("/proc/self/task"))
        {
            return Directory.GetDirectories("/proc/self/task").Length;
        }

        using var process = Process.GetCurrentProcess();
        return process.Threads.Count;
    }
}

/// <summary>Times every request sent through it, from send to response headers.</summary>
internal sealed class TimingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private ConcurrentBag<double> _latencies = [];

    /// <summary>The latencies since the previous call, in milliseconds.</summary>
    public IReadOnlyList<double> Take() => Interlocked.Exchange(ref _latencies, []).ToArray();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            _latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return base.Send(request, cancellationToken);
        }
        finally
        {
            _latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }
}

internal static class Measure
{
    /// <summary>Runs <paramref name="work"/> and measures it; latencies come from <paramref name="timing"/> (or are none).</summary>
    public static async Task<RunMetrics> RunAsync(Func<Task> work, TimingHandler? timing = null, Func<IReadOnlyList<double>>? latencies = null)
    {
        timing?.Take();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var threadsAtStart = ThreadPool.ThreadCount;
        var machine = MachineLoad.Read();
        var sampler = new PoolSampler();
        var watch = Stopwatch.StartNew();
        try
        {
            await work();
        }
        finally
        {
            watch.Stop();
        }

        var samples = sampler.Stop();
        process.Refresh();
        var measured = latencies?.Invoke() ?? timing?.Take() ?? [];
        return new RunMetrics
        {
            Seconds = watch.Elapsed.TotalSeconds,
            CpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds,
            Count = measured.Count,
            P50Ms = Percentile(measured, 50),
            P99Ms = Percentile(measured, 99),
            MeanMs = measured.Count > 0 ? measured.Average() : 0,
            MinMs = measured.Count > 0 ? measured.Min() : 0,
            PoolThreadsAtStart = threadsAtStart,
            PoolThreadsMax = samples.Max(s => s.Threads),
            QueuedMax = samples.Max(s => s.Queued),
            ProcessThreads = samples.Max(s => s.ProcessThreads),
            MachineBusyPercent = MachineLoad.Read().BusyPercentSince(machine),
            Pool = samples,
        };
    }

    /// <summary>The nearest-rank percentile of <paramref name="values"/> (0 when there are none).</summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IEnumerable<double> values) => Percentile(values.ToArray(), 50);
}

/// <summary>How busy the machine is: load averages and the share of all cores busy (every process, not only ours).</summary>
public sealed record MachineLoad(double Load1, double Load5, double Load15, long BusyTicks, long TotalTicks)
{
    public static MachineLoad Read()
    {
        double l1 = 0, l5 = 0, l15 = 0;
        long busy = 0, total = 0;
        try
        {
            var load = File.ReadAllText("/proc/loadavg").Split(' ');
            l1 = double.Parse(load[0], CultureInfo.InvariantCulture);
            l5 = double.Parse(load[1], CultureInfo.InvariantCulture);
            l15 = double.Parse(load[2], CultureInfo.InvariantCulture);
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            total = cpu.Sum();
            busy = total - cpu[3] - (cpu.Length > 4 ? cpu[4] : 0);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux: the report says the load is unknown (zeros).
        }

        return new MachineLoad(l1, l5, l15, busy, total);
    }

    /// <summary>Share of all cores busy (all processes) between <paramref name="earlier"/> and this reading.</summary>
    public double BusyPercentSince(MachineLoad earlier)
        => TotalTicks > earlier.TotalTicks ? 100.0 * (BusyTicks - earlier.BusyTicks) / (TotalTicks - earlier.TotalTicks) : 0;
}
