using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Benchmarks;

/// <summary>
/// Analyzer cost next to the compiler's own binding time and next to peers. Each iteration binds a fresh copy of the
/// compilation without analyzers, then runs every analyzer in one analysis of another fresh copy (the order of the two
/// alternates between iterations), so all analyzers see the same code under the same load. The first iteration is a
/// warm-up. Analyzer time is Roslyn's own per-analyzer execution time; figures are medians with their min–max.
/// </summary>
internal sealed class CostBenchmark
{
    private const string Reference = "CA1849";

    private readonly IReadOnlyList<AnalyzerSuite> _suites;
    private readonly int _iterations;
    private readonly TextWriter _out;

    public CostBenchmark(IReadOnlyList<AnalyzerSuite> suites, int iterations, TextWriter output)
    {
        _suites = suites;
        _iterations = iterations;
        _out = output;
    }

    private IEnumerable<AnalyzerSuite> Ours => _suites.Where(suite => suite.IsAsyncGuard);

    /// <summary>Times per suite and binding times, one value per measured iteration, and the findings of the last.</summary>
    private sealed record Run(
        IReadOnlyDictionary<AnalyzerSuite, List<double>> Times,
        List<double> Binding,
        List<double> OursTotal,
        ImmutableArray<Diagnostic> Diagnostics,
        IReadOnlyDictionary<DiagnosticAnalyzer, int> Exceptions);

    public async Task<ImmutableArray<Diagnostic>> MeasureCorpusAsync(Corpus corpus, string? listRule)
    {
        var compilation = corpus.Compile(_suites.Select(suite => suite.RuleId));
        var run = await MeasureAsync(compilation, _suites);
        var binding = Spread.Of(run.Binding);
        var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

        _out.WriteLine();
        _out.WriteLine($"## {corpus.Name}: {corpus.Trees.Count:N0} files, {corpus.Lines:N0} lines");
        _out.WriteLine();
        _out.WriteLine(Invariant($"Binding without analyzers (`Compilation.GetDiagnostics()`): median {binding.Format("F0")} ms; {errors:N0} compiler errors (references: the .NET and ASP.NET Core shared frameworks only, not the corpus's packages)."));
        _out.WriteLine();
        _out.WriteLine($"| Analyzer | Rule | Findings | Median ms (min–max) | ms per 10k lines | × {Reference} | % of binding | Analyzer exceptions |");
        _out.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        var reference = _suites.FirstOrDefault(suite => suite.RuleId == Reference);
        foreach (var suite in _suites)
        {
            WriteRow(suite.Name, suite.RuleId, run.Diagnostics.Count(d => d.Id == suite.RuleId), run.Times[suite], run, reference, corpus.Lines,
                suite.Analyzers.Sum(analyzer => run.Exceptions.GetValueOrDefault(analyzer)));
        }

        WriteRow("AsyncGuard", "all rules", run.Diagnostics.Count(d => Ours.Any(suite => suite.RuleId == d.Id)), run.OursTotal, run, reference, corpus.Lines,
            Ours.SelectMany(suite => suite.Analyzers).Sum(analyzer => run.Exceptions.GetValueOrDefault(analyzer)));

        WriteComparisons(run);

        if (listRule != null)
        {
            _out.WriteLine();
            foreach (var diagnostic in run.Diagnostics.Where(d => d.Id == listRule).OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
            {
                var span = diagnostic.Location.GetLineSpan();
                _out.WriteLine($"{span.Path}({span.StartLinePosition.Line + 1}): {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
            }
        }

        return run.Diagnostics;
    }

    /// <summary>AsyncGuard's findings on a corpus from one analysis, nothing timed.</summary>
    public async Task<ImmutableArray<Diagnostic>> FindingsAsync(Corpus corpus)
    {
        var analyzers = Ours.SelectMany(suite => suite.Analyzers).ToImmutableArray();
        var exceptions = new Dictionary<DiagnosticAnalyzer, int>();
        var diagnostics = await corpus.Compile(_suites.Select(suite => suite.RuleId)).WithAnalyzers(analyzers, Options(exceptions)).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        _out.WriteLine($"{corpus.Name}: {diagnostics.Length} findings, {exceptions.Values.Sum()} analyzer exceptions.");
        return diagnostics;
    }

    /// <summary>
    /// The same rules on the files of 25%, 50% and 100% of a corpus, analyzed file by file in the compilation of the
    /// whole corpus (so every type still resolves): cost per line should not grow with size.
    /// </summary>
    public async Task MeasureScalingAsync(Corpus corpus)
    {
        var suites = _suites.Where(suite => suite.IsAsyncGuard || suite.RuleId is Reference or FloorAnalyzer.Id).ToList();
        _out.WriteLine();
        _out.WriteLine($"## Growth with size: {corpus.Name}");
        _out.WriteLine();
        _out.WriteLine($"Every 4th, every 2nd and every file (in path order), each file analyzed on its own (as the IDE does) in the compilation of the whole corpus, declarations bound beforehand; binding is those files' `SemanticModel.GetDiagnostics()`. AsyncGuard's rules, {Reference} and the floor.");
        _out.WriteLine();
        _out.WriteLine($"| Share of files | Lines | Binding ms | AsyncGuard all rules ms | AsyncGuard ms per 10k lines | AsyncGuard % of binding | {Reference} ms | {Reference} ms per 10k lines |");
        _out.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var every in new[] { 4, 2, 1 })
        {
            var sample = corpus.Sample(every);
            var run = await MeasureFilesAsync(corpus, sample.Trees, suites);
            var ours = Spread.Of(run.OursTotal);
            var reference = suites.FirstOrDefault(suite => suite.RuleId == Reference) is { } r ? Spread.Of(run.Times[r]) : default;
            _out.WriteLine(Invariant($"| {100 / every}% | {sample.Lines:N0} | {Spread.Of(run.Binding).Format("F0")} | {ours.Format("F0")} | {PerTenK(ours, sample.Lines).Format("F2")} | {Spread.Of(Ratios(run.OursTotal, run.Binding, 100)).Format("F1")} | {reference.Format("F0")} | {PerTenK(reference, sample.Lines).Format("F2")} |"));
        }
    }

    /// <summary>Every analyzer on the corpus's largest file alone: what the IDE pays when that file changes.</summary>
    public async Task MeasureLargestFileAsync(Corpus corpus)
    {
        var tree = corpus.LargestTree();
        var run = await MeasureFilesAsync(corpus, [tree], _suites);
        _out.WriteLine();
        _out.WriteLine($"## Largest single file: {corpus.RelativePath(tree.FilePath)} in {corpus.Name} ({(await tree.GetTextAsync()).Lines.Count:N0} lines)");
        _out.WriteLine();
        _out.WriteLine(Invariant($"Analyzed alone in the compilation of the whole corpus, declarations bound beforehand. Binding that file (`SemanticModel.GetDiagnostics()`): median {Spread.Of(run.Binding).Format("F1")} ms."));
        _out.WriteLine();
        _out.WriteLine("| Analyzer | Rule | Median ms (min–max) | % of the file's binding |");
        _out.WriteLine("|---|---|---:|---:|");
        foreach (var suite in _suites)
        {
            _out.WriteLine(Invariant($"| {suite.Name} | {suite.RuleId} | {Spread.Of(run.Times[suite]).Format("F2")} | {Spread.Of(Ratios(run.Times[suite], run.Binding, 100)).Format("F1")} |"));
        }

        _out.WriteLine(Invariant($"| AsyncGuard | all rules | {Spread.Of(run.OursTotal).Format("F2")} | {Spread.Of(Ratios(run.OursTotal, run.Binding, 100)).Format("F1")} |"));
    }

    /// <summary>
    /// Some files analyzed one by one in a fresh copy of the whole corpus's compilation whose declarations are bound
    /// first (not timed). Binding is the files' semantic diagnostics, analysis is syntax and semantic analysis per file.
    /// </summary>
    private async Task<Run> MeasureFilesAsync(Corpus corpus, IReadOnlyList<SyntaxTree> trees, IReadOnlyList<AnalyzerSuite> suites)
    {
        var compilation = corpus.Compile(_suites.Select(suite => suite.RuleId));
        var analyzers = suites.SelectMany(suite => suite.Analyzers).Distinct().ToImmutableArray();
        var times = suites.ToDictionary(suite => suite, _ => new List<double>());
        var oursTotal = new List<double>();
        var binding = new List<double>();
        var exceptions = new Dictionary<DiagnosticAnalyzer, int>();
        for (var iteration = 0; iteration <= _iterations; iteration++)
        {
            var bound = compilation.Clone();
            _ = bound.GetDeclarationDiagnostics();
            Settle();
            var watch = Stopwatch.StartNew();
            foreach (var tree in trees)
            {
                _ = bound.GetSemanticModel(tree).GetDiagnostics();
            }

            watch.Stop();

            var declared = compilation.Clone();
            _ = declared.GetDeclarationDiagnostics();
            Settle();
            var withAnalyzers = declared.WithAnalyzers(analyzers, Options(exceptions));
            foreach (var tree in trees)
            {
                _ = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None);
                _ = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(withAnalyzers.Compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None);
            }

            if (iteration == 0)
            {
                continue;
            }

            binding.Add(watch.Elapsed.TotalMilliseconds);
            await Record(withAnalyzers, suites, times, oursTotal);
        }

        return new Run(times, binding, oursTotal, ImmutableArray<Diagnostic>.Empty, exceptions);
    }

    private async Task<Run> MeasureAsync(CSharpCompilation compilation, IReadOnlyList<AnalyzerSuite> suites)
    {
        var analyzers = suites.SelectMany(suite => suite.Analyzers).Distinct().ToImmutableArray();
        var times = suites.ToDictionary(suite => suite, _ => new List<double>());
        var oursTotal = new List<double>();
        var binding = new List<double>();
        var exceptions = new Dictionary<DiagnosticAnalyzer, int>();
        ImmutableArray<Diagnostic> diagnostics = default;
        for (var iteration = 0; iteration <= _iterations; iteration++)
        {
            // Interleaved: binding first on even iterations, analysis first on odd ones.
            var bindingFirst = iteration % 2 == 0;
            var bindingTime = bindingFirst ? Bind(compilation) : 0;
            Settle();
            var withAnalyzers = compilation.Clone().WithAnalyzers(analyzers, Options(exceptions));
            diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            if (!bindingFirst)
            {
                bindingTime = Bind(compilation);
            }

            if (iteration == 0)
            {
                continue;
            }

            binding.Add(bindingTime);
            await Record(withAnalyzers, suites, times, oursTotal);
        }

        return new Run(times, binding, oursTotal, diagnostics, exceptions);

        static double Bind(Compilation compilation)
        {
            Settle();
            var watch = Stopwatch.StartNew();
            _ = compilation.Clone().GetDiagnostics();
            return watch.Elapsed.TotalMilliseconds;
        }
    }

    private static async Task Record(CompilationWithAnalyzers withAnalyzers, IReadOnlyList<AnalyzerSuite> suites, Dictionary<AnalyzerSuite, List<double>> times, List<double> oursTotal)
    {
        var ours = 0.0;
        foreach (var suite in suites)
        {
            var total = TimeSpan.Zero;
            foreach (var analyzer in suite.Analyzers)
            {
                total += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime;
            }

            times[suite].Add(total.TotalMilliseconds);
            if (suite.IsAsyncGuard)
            {
                ours += total.TotalMilliseconds;
            }
        }

        oursTotal.Add(ours);
    }

    private static CompilationWithAnalyzersOptions Options(Dictionary<DiagnosticAnalyzer, int> exceptions)
        => new(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) => { lock (exceptions) { exceptions[analyzer] = exceptions.GetValueOrDefault(analyzer) + 1; } },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true);

    /// <summary>A full collection between measurements, so one measurement's garbage is not collected during the next.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private void WriteRow(string name, string rule, int findings, List<double> times, Run run, AnalyzerSuite? reference, int lines, int thrown)
    {
        var spread = Spread.Of(times);
        var versusReference = reference == null ? "" : Spread.Of(Ratios(times, run.Times[reference], 1)).Format("F2");
        var ofBinding = Spread.Of(Ratios(times, run.Binding, 100)).Format("F1");
        _out.WriteLine(Invariant($"| {name} | {rule} | {findings} | {spread.Format("F1")} | {spread.Median * 10000 / Math.Max(1, lines):F2} | {versusReference} | {ofBinding} | {thrown} |"));
    }

    /// <summary>Differences are stated only where the min–max ranges do not overlap.</summary>
    private void WriteComparisons(Run run)
    {
        var ours = Spread.Of(run.OursTotal);
        if (run.OursTotal.Count < 3)
        {
            // One or two iterations give no spread worth the name: no difference is stated from them.
            _out.WriteLine();
            _out.WriteLine($"{run.OursTotal.Count} measured iteration(s): too few for a spread, so no difference between analyzers is stated (use --iterations 3 or more).");
            return;
        }

        var statements = new List<string>();
        foreach (var peer in _suites.Where(suite => !suite.IsAsyncGuard && suite.RuleId != FloorAnalyzer.Id))
        {
            var theirs = Spread.Of(run.Times[peer]);
            var verdict = ours.IsBelow(theirs) ? "costs less than"
                : theirs.IsBelow(ours) ? "costs more than"
                : "is not distinguishable (ranges overlap) from";
            statements.Add($"AsyncGuard's rules together {verdict} {peer.RuleId} ({peer.Name})");
        }

        _out.WriteLine();
        _out.WriteLine("Per-iteration ratios are medians (min–max) of each iteration's own ratio. Differences stated only where the min–max ranges do not overlap: " + string.Join("; ", statements) + ".");
    }

    private static List<double> Ratios(List<double> numerators, List<double> denominators, double scale)
        => numerators.Zip(denominators, (n, d) => d <= 0 ? 0 : n * scale / d).ToList();

    private static Spread PerTenK(Spread spread, int lines)
    {
        var factor = 10000.0 / Math.Max(1, lines);
        return new Spread(spread.Median * factor, spread.Min * factor, spread.Max * factor);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
