using System.Globalization;
using System.Text;
using System.Text.Json;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace AsyncGuard.Harness;

/// <summary>Writes the report: a console table, report.md, report.json and the charts (SVG).</summary>
internal static class ReportWriter
{
    public const string MarkdownFile = "report.md";
    public const string JsonFile = "report.json";
    public const string SweepChartFile = "concurrency-sweep.svg";
    public const string CapacityChartFile = "capacity-sweep.svg";
    public const string PoolChartFile = "pool-threads.svg";

    public static readonly string[] Files = [MarkdownFile, JsonFile, SweepChartFile, CapacityChartFile, PoolChartFile];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void WriteConsole(HarnessReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"#",-2} {"Verdict",-14} Measured");
        foreach (var claim in report.Claims)
        {
            output.WriteLine($"{claim.Number,-2} {claim.Verdict,-14} {claim.Measured}");
        }

        output.WriteLine();
        output.WriteLine("Claim 5, CPU-bound server: degree, seconds, req/s, p50 ms, p99 ms, server CPU %");
        foreach (var point in report.CpuSweep)
        {
            output.WriteLine(string.Create(Invariant, $"  {point.Label,-10} {point.Seconds,7:F2} {point.Throughput,7:F0} {point.P50Ms,7:F0} {point.P99Ms,7:F0} {point.ServerCpuPercent,5:F0}"));
        }

        output.WriteLine("Claim 6, batches lost per failure kind: kind, unguarded, guarded");
        foreach (var kind in report.FailureKinds)
        {
            output.WriteLine(string.Create(Invariant, $"  {kind.Kind,-18} {kind.UnguardedLost,3} of {kind.Trials,-3} {kind.GuardedLost,3} of {kind.Trials}"));
        }

        output.WriteLine(Load(report));
    }

    public static void WriteFiles(HarnessReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, MarkdownFile), Markdown(report));
        File.WriteAllText(Path.Combine(folder, JsonFile), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        Export(Path.Combine(folder, SweepChartFile), SweepChart(report.CpuSweep));
        Export(Path.Combine(folder, CapacityChartFile), CapacityChart(report.CapacitySweep, report.QueuedSweep));
        Export(Path.Combine(folder, PoolChartFile), PoolChart(report.BlockingPool, report.AwaitedPool));
    }

    private static void Export(string path, PlotModel model)
    {
        using var stream = File.Create(path);
        new SvgExporter { Width = 760, Height = 420 }.Export(model, stream);
    }

    private static string Load(HarnessReport report) => string.Create(Invariant,
        $"Machine load: load average {report.LoadBefore.Load1:F2} / {report.LoadBefore.Load5:F2} / {report.LoadBefore.Load15:F2} (1/5/15 min) before, {report.LoadAfter.Load1:F2} / {report.LoadAfter.Load5:F2} / {report.LoadAfter.Load15:F2} after; all cores {report.MachineBusyPercent:F0}% busy during the run (every process on the machine, this harness and its server included).");

    private static string Markdown(HarnessReport report)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(Invariant));
        text.AppendLine("# AsyncGuard harness report");
        text.AppendLine();
        Line($"Mode: **{report.Mode}**. Machine: {report.Machine}. Started {report.StartedAt:yyyy-MM-dd HH:mm} UTC, took {report.Minutes:F1} min.");
        text.AppendLine(Load(report) + " The machine is shared with other work: timings carry that noise.");
        text.AppendLine();
        text.AppendLine(report.Source + " The server is Kestrel on 127.0.0.1 in a process of its own; the slow code is what AsyncGuard flags (`Variants/Slow`), the fast code is exactly what every AsyncGuard fix makes of it (`Variants/Fast`, generated and checked by a test).");
        text.AppendLine();
        text.AppendLine("| # | Claim (the article) | Verdict | Measured |");
        text.AppendLine("|---|---|---|---|");
        foreach (var claim in report.Claims)
        {
            text.AppendLine($"| {claim.Number} | {Cell(claim.Claim)} | **{claim.Verdict}** | {Cell(claim.Measured)} |");
        }

        foreach (var claim in report.Claims)
        {
            text.AppendLine();
            text.AppendLine($"## {claim.Number}. {claim.Claim}");
            text.AppendLine();
            text.AppendLine($"**Experiment.** {claim.Experiment}");
            text.AppendLine();
            text.AppendLine($"**Measured.** {claim.Measured}");
            text.AppendLine();
            text.AppendLine($"**Verdict: {claim.Verdict}.** {claim.Reason}");
            switch (claim.Number)
            {
                case 3:
                    WorkerPoolTable(text, claim.Figures);
                    break;
                case 4:
                    text.AppendLine();
                    text.AppendLine($"![thread pool threads and queued work items over time]({PoolChartFile})");
                    break;
                case 5:
                    SweepTables(text, report);
                    break;
                case 6:
                    FailureTable(text, report.FailureKinds);
                    break;
            }
        }

        return text.ToString();
    }

    private static void WorkerPoolTable(StringBuilder text, IReadOnlyDictionary<string, double> figures)
    {
        text.AppendLine();
        text.AppendLine("| Run | Seconds | Per task: mean / p50 / p99 ms | Process threads | Pool threads (max) | Client CPU % | Server CPU % | Machine busy % | In flight at the server (max) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var key in figures.Keys.Where(k => k.EndsWith("_seconds", StringComparison.Ordinal)).Select(k => k[..^"_seconds".Length]).Where(k => figures.ContainsKey(k + "_p99_ms")))
        {
            var parts = key.Split('_');
            var label = parts[0] == "threads" ? $"{parts[1]} dedicated threads, synchronous Send" : parts[1] == "all" ? "awaited, all at once" : $"awaited, at most {parts[1]} in flight";
            text.AppendLine(string.Create(Invariant,
                $"| {label} | {figures[key + "_seconds"]:F2} | {figures[key + "_mean_ms"]:F1} / {figures[key + "_p50_ms"]:F1} / {figures[key + "_p99_ms"]:F1} | {figures[key + "_process_threads"]:F0} | {figures[key + "_pool_threads_max"]:F0} | {figures[key + "_client_cpu_percent"]:F0} | {figures[key + "_server_cpu_percent"]:F0} | {figures[key + "_machine_busy_percent"]:F0} | {figures[key + "_server_max_in_flight"]:F0} |"));
        }
    }

    private static void SweepTables(StringBuilder text, HarnessReport report)
    {
        text.AppendLine();
        text.AppendLine("### CPU-bound server (the verdict)");
        text.AppendLine();
        text.AppendLine($"![throughput and p99 latency by degree of concurrency]({SweepChartFile})");
        text.AppendLine();
        text.AppendLine("| Degree | Seconds | Requests/s | p50 ms | p99 ms | Failed | Client CPU % | Server CPU % | Machine busy % | In flight at the server (max) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in report.CpuSweep)
        {
            text.AppendLine(string.Create(Invariant, $"| {p.Label} | {p.Seconds:F2} | {p.Throughput:F0} | {p.P50Ms:F0} | {p.P99Ms:F0} | {p.Failures} | {p.ClientCpuPercent:F0} | {p.ServerCpuPercent:F0} | {p.MachineBusyPercent:F0} | {p.ServerMaxInFlight} |"));
        }

        text.AppendLine();
        text.AppendLine("### Configured capacity (second scenario, holds by construction)");
        text.AppendLine();
        text.AppendLine($"![completion time and failures by degree, configured capacity]({CapacityChartFile})");
        text.AppendLine();
        text.AppendLine("| Degree | Rejecting: seconds | Rejecting: failed | Queueing: seconds | Queueing: failed | Queueing: p99 ms |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < report.CapacitySweep.Count; i++)
        {
            var p = report.CapacitySweep[i];
            var q = i < report.QueuedSweep.Count ? report.QueuedSweep[i] : null;
            text.AppendLine(string.Create(Invariant, $"| {p.Label} | {p.Seconds:F2} | {p.Failures} of {p.Requests} | {q?.Seconds:F2} | {q?.Failures} | {q?.P99Ms:F0} |"));
        }
    }

    private static void FailureTable(StringBuilder text, IReadOnlyList<FailureKindResult> kinds)
    {
        text.AppendLine();
        text.AppendLine("| Failure kind | Batches | Unguarded: lost | Guarded (AG0004 fix): lost | Guarded: results kept per batch | Unguarded: exception | Guarded: exception |");
        text.AppendLine("|---|---:|---:|---:|---:|---|---|");
        foreach (var k in kinds)
        {
            text.AppendLine(string.Create(Invariant, $"| {k.Kind} | {k.Trials} | {k.UnguardedLost} ({k.UnguardedLossPercent:F0}%) | {k.GuardedLost} ({k.GuardedLossPercent:F0}%) | {k.GuardedKeptPerBatch:F1} | {k.UnguardedFailure} | {k.GuardedFailure} |"));
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>One line of a chart: its title, the axis it is read on (left or right), its points and its look.</summary>
    private sealed record ChartLine(string Title, bool RightAxis, IEnumerable<DataPoint> Points, OxyColor Color, LineStyle Style = LineStyle.Solid, MarkerType Marker = MarkerType.None);

    /// <summary>A chart with two value axes; the bottom axis names categories when <paramref name="categories"/> are given.</summary>
    private static PlotModel Chart(string title, string bottom, IReadOnlyList<string>? categories, string left, string right, params ChartLine[] lines)
    {
        var model = new PlotModel { Title = title, Background = OxyColors.White };
        model.Axes.Add(categories != null
            ? new CategoryAxis { Position = AxisPosition.Bottom, Title = bottom, ItemsSource = categories }
            : new LinearAxis { Position = AxisPosition.Bottom, Title = bottom, Minimum = 0 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = left, Key = "left", Minimum = 0 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Right, Title = right, Key = "right", Minimum = 0 });
        foreach (var line in lines)
        {
            var series = new LineSeries { Title = line.Title, YAxisKey = line.RightAxis ? "right" : "left", Color = line.Color, LineStyle = line.Style, MarkerType = line.Marker };
            series.Points.AddRange(line.Points);
            model.Series.Add(series);
        }

        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopCenter });
        return model;
    }

    private static IEnumerable<DataPoint> ByIndex(IEnumerable<SweepPoint> points, Func<SweepPoint, double> value)
        => points.Select((point, i) => new DataPoint(i, value(point)));

    private static PlotModel SweepChart(IReadOnlyList<SweepPoint> sweep)
        => Chart("Concurrency sweep, CPU-bound server", "Degree of concurrency", sweep.Select(p => p.Label).ToArray(), "Requests per second", "Latency (ms)",
            new ChartLine("Requests/s", false, ByIndex(sweep, p => p.Throughput), OxyColors.SteelBlue, Marker: MarkerType.Circle),
            new ChartLine("p99 latency (ms)", true, ByIndex(sweep, p => p.P99Ms), OxyColors.IndianRed, Marker: MarkerType.Square),
            new ChartLine("p50 latency (ms)", true, ByIndex(sweep, p => p.P50Ms), OxyColors.DarkOrange, LineStyle.Dash, MarkerType.Diamond));

    private static PlotModel CapacityChart(IReadOnlyList<SweepPoint> sweep, IReadOnlyList<SweepPoint> queued)
        => Chart("Configured capacity: rejecting and queueing server", "Degree of concurrency", sweep.Select(p => p.Label).ToArray(), "Completion time (s)", "Failed requests",
            new ChartLine("Time, rejecting (s)", false, ByIndex(sweep, p => p.Seconds), OxyColors.SteelBlue, Marker: MarkerType.Circle),
            new ChartLine("Failed requests, rejecting", true, ByIndex(sweep, p => p.Failures), OxyColors.IndianRed, Marker: MarkerType.Square),
            new ChartLine("Time, queueing (s)", false, ByIndex(queued, p => p.Seconds), OxyColors.SeaGreen, LineStyle.Dash, MarkerType.Diamond));

    private static PlotModel PoolChart(IReadOnlyList<PoolSample> blocking, IReadOnlyList<PoolSample> awaited)
        => Chart("Claim 4: thread pool of the handlers' process over time", "Seconds since the burst", null, "Pool threads", "Queued work items",
            new ChartLine("Threads, blocking handlers", false, blocking.Select(s => new DataPoint(s.Seconds, s.Threads)), OxyColors.IndianRed),
            new ChartLine("Queued, blocking handlers", true, blocking.Select(s => new DataPoint(s.Seconds, s.Queued)), OxyColors.IndianRed, LineStyle.Dot),
            new ChartLine("Threads, awaited handlers", false, awaited.Select(s => new DataPoint(s.Seconds, s.Threads)), OxyColors.SteelBlue),
            new ChartLine("Queued, awaited handlers", true, awaited.Select(s => new DataPoint(s.Seconds, s.Queued)), OxyColors.SteelBlue, LineStyle.Dot));
}
