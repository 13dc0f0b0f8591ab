using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using AsyncGuard.Benchmarks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

// Analyzer cost and findings, AsyncGuard next to its peers, measured in one analysis run per iteration so every
// analyzer sees the same compilation. Usage:
//   dotnet run -c Release --project tests/AsyncGuard.Benchmarks -- [folder ...] [--iterations N] [--list RULE]
// With no folder, a generated corpus is used.
var folders = new List<string>();
var iterations = 5;
string? listRule = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--iterations" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
            iterations = n;
            i++;
            break;
        case "--list" when i + 1 < args.Length:
            listRule = args[++i];
            break;
        default:
            if (!Directory.Exists(args[i]))
            {
                Console.Error.WriteLine($"error: '{args[i]}' is not a folder. Usage: [folder ...] [--iterations N] [--list RULE]");
                return 2;
            }

            folders.Add(args[i]);
            break;
    }
}

var suites = AnalyzerSuite.All();
var allAnalyzers = suites.SelectMany(suite => suite.Analyzers).Distinct().ToImmutableArray();
var corpora = folders.Count > 0 ? folders.Select(Corpus.Load).ToList() : [Corpus.Synthetic(classes: 400)];

Console.WriteLine($"Host: .NET {Environment.Version}, Roslyn {typeof(Compilation).Assembly.GetName().Version}, {Environment.ProcessorCount} cores; {iterations} measured iterations after 1 warm-up; analyzer time is Roslyn's per-analyzer execution time, median.");
foreach (var corpus in corpora)
{
    var compilation = corpus.Compile(suites.Select(suite => suite.RuleId));
    var compileWatch = Stopwatch.StartNew();
    var compilerErrors = compilation.Clone().GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
    compileWatch.Stop();

    Console.WriteLine();
    Console.WriteLine($"## {corpus.Name}: {corpus.Trees.Count} files, {corpus.Lines:N0} lines; binding alone {compileWatch.Elapsed.TotalMilliseconds:F0} ms ({compilerErrors} compiler errors: references are the .NET runtime's only)");

    var times = suites.ToDictionary(suite => suite, _ => new List<double>());
    var exceptions = new Dictionary<DiagnosticAnalyzer, int>();
    ImmutableArray<Diagnostic> diagnostics = default;
    for (var iteration = 0; iteration <= iterations; iteration++)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) => { lock (exceptions) { exceptions[analyzer] = exceptions.GetValueOrDefault(analyzer) + 1; } },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.Clone().WithAnalyzers(allAnalyzers, options);
        diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        if (iteration == 0)
        {
            continue;
        }

        foreach (var suite in suites)
        {
            var total = TimeSpan.Zero;
            foreach (var analyzer in suite.Analyzers)
            {
                total += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime;
            }

            times[suite].Add(total.TotalMilliseconds);
        }
    }

    Console.WriteLine();
    Console.WriteLine("| Analyzer | Rule | Findings | Median ms | ms per 10k lines | Analyzer exceptions |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|");
    foreach (var suite in suites)
    {
        var median = Median(times[suite]);
        var findings = diagnostics.Count(d => d.Id == suite.RuleId);
        var thrown = suite.Analyzers.Sum(analyzer => exceptions.GetValueOrDefault(analyzer));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {suite.Name} | {suite.RuleId} | {findings} | {median:F1} | {median * 10000 / Math.Max(1, corpus.Lines):F2} | {thrown} |"));
    }

    if (listRule != null)
    {
        Console.WriteLine();
        foreach (var diagnostic in diagnostics.Where(d => d.Id == listRule).OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start))
        {
            var span = diagnostic.Location.GetLineSpan();
            Console.WriteLine($"{span.Path}({span.StartLinePosition.Line + 1}): {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
        }
    }
}

return 0;

static double Median(List<double> values)
{
    if (values.Count == 0)
    {
        return 0;
    }

    var sorted = values.OrderBy(v => v).ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
