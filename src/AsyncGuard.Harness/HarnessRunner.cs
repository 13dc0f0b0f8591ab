using System.Runtime.InteropServices;

namespace AsyncGuard.Harness;

/// <summary>One run of the harness: server up, experiments, report.</summary>
internal static class HarnessRunner
{
    public static async Task<HarnessReport> RunAsync(HarnessOptions options, TextWriter output)
    {
        var started = DateTimeOffset.UtcNow;
        await using var server = await ServerProcess.StartAsync();
        using var client = server.CreateClient();
        var sweep = new List<SweepPoint>();
        var queuedSweep = new List<SweepPoint>();
        var experiments = new Experiments(client, options, step => output.WriteLine($"[{DateTimeOffset.UtcNow - started:mm\\:ss}] {step}"));
        var claims = await experiments.RunAllAsync(sweep, queuedSweep);
        var machine = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}";
        var report = new HarnessReport(options.Quick ? "quick" : "full", machine, started, claims, sweep, queuedSweep);
        ReportWriter.WriteConsole(report, output);
        ReportWriter.WriteFiles(report, options.OutputFolder);
        output.WriteLine();
        output.WriteLine($"Report written to {Path.GetFullPath(options.OutputFolder)} ({ReportWriter.MarkdownFile}, {ReportWriter.JsonFile}, {ReportWriter.ChartFile})");
        return report;
    }
}
