using System.Runtime.InteropServices;
using AsyncGuard.Harness.Claims;

namespace AsyncGuard.Harness;

/// <summary>One run of the harness: server up, experiments, report.</summary>
internal static class HarnessRunner
{
    public static async Task<HarnessReport> RunAsync(HarnessOptions options, TextWriter output)
    {
        var started = DateTimeOffset.UtcNow;
        var loadBefore = MachineLoad.Read();
        await using var server = await ServerProcess.StartAsync();
        using var experiments = new Experiments(server, options, step => output.WriteLine($"[{DateTimeOffset.UtcNow - started:mm\\:ss}] {step}"));
        var claims = await experiments.RunAllAsync();
        var loadAfter = MachineLoad.Read();
        var machine = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}";
        var report = new HarnessReport(
            options.Quick ? "quick" : "full", machine, Experiments.Source, started, (DateTimeOffset.UtcNow - started).TotalMinutes,
            loadBefore, loadAfter, loadAfter.BusyPercentSince(loadBefore), claims,
            experiments.CpuSweep, experiments.CapacitySweep, experiments.QueuedSweep, experiments.FailureKinds,
            experiments.BlockingPool, experiments.AwaitedPool);
        ReportWriter.WriteConsole(report, output);
        ReportWriter.WriteFiles(report, options.OutputFolder);
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Report written to {Path.GetFullPath(options.OutputFolder)} ({string.Join(", ", ReportWriter.Files)})");
        return report;
    }
}
