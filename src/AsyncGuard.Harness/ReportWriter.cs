using System.Globalization;
using System.Text;
using System.Text.Json;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace AsyncGuard.Harness;

/// <summary>Writes the report: a console table, report.md, report.json and the concurrency sweep chart (SVG).</summary>
internal static class ReportWriter
{
    public const string MarkdownFile = "report.md";
    public const string JsonFile = "report.json";
    public const string ChartFile = "concurrency-sweep.svg";

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
        output.WriteLine("Concurrency sweep (claim 5): degree, rejecting server (seconds, failures), queueing server (seconds, failures)");
        for (var i = 0; i < report.Sweep.Count; i++)
        {
            var point = report.Sweep[i];
            var queued = i < report.QueuedSweep.Count ? report.QueuedSweep[i] : null;
            output.WriteLine(string.Create(Invariant, $"  {point.Label,-10} {point.Seconds,8:F2} s {point.Failures,6} of {point.Requests}   {queued?.Seconds,8:F2} s {queued?.Failures,6}"));
        }
    }

    public static void WriteFiles(HarnessReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, MarkdownFile), Markdown(report));
        File.WriteAllText(Path.Combine(folder, JsonFile), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        if (report.Sweep.Count > 0)
        {
            using var stream = File.Create(Path.Combine(folder, ChartFile));
            new SvgExporter { Width = 760, Height = 420 }.Export(SweepChart(report.Sweep, report.QueuedSweep), stream);
        }
    }

    private static string Markdown(HarnessReport report)
    {
        var text = new StringBuilder();
        text.AppendLine("# AsyncGuard harness report");
        text.AppendLine();
        text.AppendLine(string.Create(Invariant, $"Mode: **{report.Mode}**. Machine: {report.Machine}. Started {report.StartedAt:yyyy-MM-dd HH:mm} UTC."));
        text.AppendLine("The server is Kestrel on 127.0.0.1 in a separate process; the slow code is what AsyncGuard flags, the fast code is exactly what its fixes produce from it.");
        text.AppendLine();
        text.AppendLine("| # | Claim | Measured | Verdict | Why |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var claim in report.Claims)
        {
            text.AppendLine($"| {claim.Number} | {Cell(claim.Claim)} | {Cell(claim.Measured)} | **{claim.Verdict}** | {Cell(claim.Reason)} |");
        }

        text.AppendLine();
        text.AppendLine("## Concurrency sweep (claim 5)");
        text.AppendLine();
        text.AppendLine($"![completion time and failures by degree of concurrency]({ChartFile})");
        text.AppendLine();
        text.AppendLine("A rejecting server answers 503 to requests beyond its capacity; a queueing one makes them wait.");
        text.AppendLine();
        text.AppendLine("| Degree | Rejecting: seconds | Rejecting: failed requests | Queueing: seconds | Queueing: failed requests |");
        text.AppendLine("|---:|---:|---:|---:|---:|");
        for (var i = 0; i < report.Sweep.Count; i++)
        {
            var point = report.Sweep[i];
            var queued = i < report.QueuedSweep.Count ? report.QueuedSweep[i] : null;
            text.AppendLine(string.Create(Invariant, $"| {point.Label} | {point.Seconds:F2} | {point.Failures} of {point.Requests} | {queued?.Seconds:F2} | {queued?.Failures} |"));
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static PlotModel SweepChart(IReadOnlyList<SweepPoint> sweep, IReadOnlyList<SweepPoint> queued)
    {
        var model = new PlotModel { Title = "Concurrency sweep against a capacity-limited server", Background = OxyColors.White };
        var labels = sweep.Select(p => p.Label).ToArray();
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Bottom, Title = "Degree of concurrency", ItemsSource = labels });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "Completion time (s)", Key = "time", Minimum = 0 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Right, Title = "Failed requests", Key = "failures", Minimum = 0 });
        var time = new LineSeries { Title = "Time, rejecting server (s)", YAxisKey = "time", MarkerType = MarkerType.Circle, Color = OxyColors.SteelBlue };
        var failures = new LineSeries { Title = "Failed requests, rejecting server", YAxisKey = "failures", MarkerType = MarkerType.Square, Color = OxyColors.IndianRed };
        var queuedTime = new LineSeries { Title = "Time, queueing server (s)", YAxisKey = "time", MarkerType = MarkerType.Diamond, Color = OxyColors.SeaGreen, LineStyle = LineStyle.Dash };
        for (var i = 0; i < sweep.Count; i++)
        {
            time.Points.Add(new DataPoint(i, sweep[i].Seconds));
            failures.Points.Add(new DataPoint(i, sweep[i].Failures));
            if (i < queued.Count)
            {
                queuedTime.Points.Add(new DataPoint(i, queued[i].Seconds));
            }
        }

        model.Series.Add(time);
        model.Series.Add(failures);
        model.Series.Add(queuedTime);
        model.Legends.Add(new OxyPlot.Legends.Legend { LegendPosition = OxyPlot.Legends.LegendPosition.TopCenter });
        return model;
    }
}
