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
/// alternates between iterations, and so does the order of the analyzers), so all analyzers see the same code under the
/// same load. The first iterations are warm-ups (<see cref="WarmUp"/>). Analyzer time is Roslyn's own
/// per-analyzer execution time; figures are medians with their min–max.
/// </summary>
internal sealed class CostBenchmark
{
    private const string Reference = "CA1849";

    private readonly IReadOnlyList<AnalyzerSuite> _suites;
    private readonly int _iterations;
    private readonly int _warmUps;
    private readonly TextWriter _out;

    /// <summary>The .editorconfig entries given to every analyzer (--option key=value).</summary>
    private readonly SameEverywhereOptions _editorConfig;

    public CostBenchmark(IReadOnlyList<AnalyzerSuite> suites, int iterations, int warmUps, TextWriter output, IReadOnlyDictionary<string, string>? editorConfig = null)
    {
        _warmUps = warmUps;
        _editorConfig = new SameEverywhereOptions(editorConfig ?? new Dictionary<string, string>());
        _suites = suites;
        _iterations = iterations;
        _out = output;
    }

    private IEnumerable<AnalyzerSuite> Ours => _suites.Where(suite => suite.IsAsyncGuard);

    private IEnumerable<AnalyzerSuite> Before => _suites.Where(suite => suite.IsBefore);

    /// <summary>Times per suite and binding times, one value per measured iteration, and each suite's findings in the last.</summary>
    private sealed record Run(
        IReadOnlyDictionary<AnalyzerSuite, List<double>> Times,
        List<double> Binding,
        List<double> OursTotal,
        List<double> BeforeTotal,
        IReadOnlyDictionary<AnalyzerSuite, ImmutableArray<Diagnostic>> Found,
        IReadOnlyDictionary<DiagnosticAnalyzer, int> Exceptions,
        int WarmUps,
        double LastWarmUpJitShare)
    {
        /// <summary>With --instrument: what each suite's measured callbacks cost, one reading per measured iteration.</summary>
        public Dictionary<AnalyzerSuite, List<CallbackMeter.Reading>> Meters { get; } = [];

        public int Findings(AnalyzerSuite suite) => Found.TryGetValue(suite, out var found) ? found.Count(d => d.Id == suite.RuleId) : 0;
    }

    public async Task<ImmutableArray<Diagnostic>> MeasureCorpusAsync(Corpus corpus, string? listRule)
    {
        var compilation = corpus.Compile(_suites.Select(suite => suite.RuleId));
        var run = await MeasureAsync(compilation, _suites);
        var binding = Spread.Of(run.Binding);
        var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

        _out.WriteLine();
        _out.WriteLine($"## {corpus.Name}: {corpus.Trees.Count:N0} files, {corpus.Lines:N0} lines");
        _out.WriteLine();
        _out.WriteLine(Invariant($"Binding without analyzers (`Compilation.GetDiagnostics()`): median {binding.Format("F0")} ms; {errors:N0} compiler errors (references: the .NET and ASP.NET Core shared frameworks only, not the corpus's packages). {WarmUpsText(run)}"));
        _out.WriteLine();
        _out.WriteLine($"| Analyzer | Rule | Findings | Median ms (min–max) | ms per 10k lines | × {Reference} | % of binding | Analyzer exceptions |");
        _out.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        var reference = _suites.FirstOrDefault(suite => suite.RuleId == Reference);
        foreach (var suite in _suites)
        {
            WriteRow(suite.Name, suite.RuleId, run.Findings(suite), run.Times[suite], run, reference, corpus.Lines,
                suite.Analyzers.Sum(analyzer => run.Exceptions.GetValueOrDefault(analyzer)));
        }

        WriteRow("AsyncGuard", "all rules", Ours.Sum(run.Findings), run.OursTotal, run, reference, corpus.Lines,
            Ours.SelectMany(suite => suite.Analyzers).Sum(analyzer => run.Exceptions.GetValueOrDefault(analyzer)));
        if (Before.Any())
        {
            WriteRow(Before.First().Name, "all rules", Before.Sum(run.Findings), run.BeforeTotal, run, reference, corpus.Lines,
                Before.SelectMany(suite => suite.Analyzers).Sum(analyzer => run.Exceptions.GetValueOrDefault(analyzer)));
        }

        if (reference != null)
        {
            _out.WriteLine();
            _out.WriteLine($"Each measured iteration in turn, all AsyncGuard rules / {Reference} ms: " + string.Join(", ", run.OursTotal.Zip(run.Times[reference], (ours, theirs) => Invariant($"{ours:F0}/{theirs:F0}"))) + ".");
        }

        WriteComparisons(run);
        WriteMeters(run);

        var ours = Ours.SelectMany(suite => run.Found[suite]).ToImmutableArray();
        if (listRule != null)
        {
            _out.WriteLine();
            foreach (var diagnostic in ours.Where(d => d.Id == listRule).OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
            {
                var span = diagnostic.Location.GetLineSpan();
                _out.WriteLine($"{span.Path}({span.StartLinePosition.Line + 1}): {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
            }
        }

        return ours;
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
        var suites = _suites.Where(suite => suite.IsAsyncGuard || suite.IsBefore || suite.RuleId == Reference || suite.IsFloor).ToList();
        _out.WriteLine();
        _out.WriteLine($"## Growth with size: {corpus.Name}");
        _out.WriteLine();
        _out.WriteLine($"Every 4th, every 2nd and every file (in path order), each file analyzed on its own (as the IDE does) in the compilation of the whole corpus, declarations bound beforehand; binding is those files' `SemanticModel.GetDiagnostics()`. AsyncGuard's rules, {Reference} and the floor.");
        _out.WriteLine();
        _out.WriteLine($"| Share of files | Lines | Binding ms | AsyncGuard all rules ms | AsyncGuard ms per 10k lines | AsyncGuard % of binding | {Reference} ms | {Reference} ms per 10k lines |");
        _out.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        Run? whole = null;
        var warmUps = new List<string>();
        foreach (var every in new[] { 4, 2, 1 })
        {
            var sample = corpus.Sample(every);
            var run = await MeasureFilesAsync(corpus, sample.Trees, suites);
            whole = run;
            warmUps.Add($"{100 / every}% {run.WarmUps}");
            var ours = Spread.Of(run.OursTotal);
            var reference = suites.FirstOrDefault(suite => suite.RuleId == Reference) is { } r ? Spread.Of(run.Times[r]) : default;
            _out.WriteLine(Invariant($"| {100 / every}% | {sample.Lines:N0} | {Spread.Of(run.Binding).Format("F0")} | {ours.Format("F0")} | {PerTenK(ours, sample.Lines).Format("F2")} | {Spread.Of(Ratios(run.OursTotal, run.Binding, 100)).Format("F1")} | {reference.Format("F0")} | {PerTenK(reference, sample.Lines).Format("F2")} |"));
        }

        // Per rule, all files analyzed one by one: which rule pays for analysis by file.
        _out.WriteLine();
        _out.WriteLine("All files one by one, per rule: " + string.Join("; ", suites.Select(suite =>
            Invariant($"{(suite.IsBefore ? suite.Name + " " : "")}{suite.RuleId} {Spread.Of(whole!.Times[suite]).Format("F0")} ms ({Spread.Of(Ratios(whole.Times[suite], whole.Binding, 100)).Format("F1")}% of binding)"))) + ".");
        _out.WriteLine($"Warm-up analyses before the measured ones: {string.Join(", ", warmUps)}.");
    }

    /// <summary>Every analyzer on the corpus's largest file alone: what the IDE pays when that file changes.</summary>
    public async Task MeasureLargestFileAsync(Corpus corpus)
    {
        var tree = corpus.LargestTree();
        var suites = _suites.Where(suite => !suite.IsBefore).ToList();
        var run = await MeasureFilesAsync(corpus, [tree], suites);
        _out.WriteLine();
        _out.WriteLine($"## Largest single file: {corpus.RelativePath(tree.FilePath)} in {corpus.Name} ({(await tree.GetTextAsync()).Lines.Count:N0} lines)");
        _out.WriteLine();
        _out.WriteLine(Invariant($"Analyzed alone in the compilation of the whole corpus, declarations bound beforehand. Binding that file (`SemanticModel.GetDiagnostics()`): median {Spread.Of(run.Binding).Format("F1")} ms. {WarmUpsText(run)}"));
        _out.WriteLine();
        _out.WriteLine("| Analyzer | Rule | Median ms (min–max) | % of the file's binding |");
        _out.WriteLine("|---|---|---:|---:|");
        foreach (var suite in suites)
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
        var beforeTotal = new List<double>();
        var binding = new List<double>();
        var exceptions = new Dictionary<DiagnosticAnalyzer, int>();
        var warmUp = new WarmUp(_warmUps);
        for (var run = 0; binding.Count < _iterations; run++)
        {
            warmUp.Start();
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
            var withAnalyzers = declared.WithAnalyzers(InTurn(analyzers, reversed: run % 2 == 1), Options(exceptions));
            foreach (var tree in trees)
            {
                _ = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None);
                _ = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(withAnalyzers.Compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None);
            }

            if (warmUp.Continues())
            {
                continue;
            }

            binding.Add(watch.Elapsed.TotalMilliseconds);
            await Record(withAnalyzers, suites, times, oursTotal, beforeTotal);
        }

        return new Run(times, binding, oursTotal, beforeTotal, new Dictionary<AnalyzerSuite, ImmutableArray<Diagnostic>>(), exceptions, warmUp.Count, warmUp.LastJitShare);
    }

    private async Task<Run> MeasureAsync(CSharpCompilation compilation, IReadOnlyList<AnalyzerSuite> suites)
    {
        var analyzers = suites.SelectMany(suite => suite.Analyzers).Distinct().ToImmutableArray();
        var times = suites.ToDictionary(suite => suite, _ => new List<double>());
        var oursTotal = new List<double>();
        var beforeTotal = new List<double>();
        var binding = new List<double>();
        var exceptions = new Dictionary<DiagnosticAnalyzer, int>();
        var found = new Dictionary<AnalyzerSuite, ImmutableArray<Diagnostic>>();
        var meters = suites.Where(suite => suite.Analyzers.All(analyzer => analyzer is InstrumentedAnalyzer)).ToDictionary(suite => suite, _ => new List<CallbackMeter.Reading>());
        var warmUp = new WarmUp(_warmUps);
        for (var run = 0; binding.Count < _iterations; run++)
        {
            // Interleaved: binding first on even iterations, analysis first on odd ones.
            warmUp.Start();
            var bindingFirst = run % 2 == 0;
            var bindingTime = bindingFirst ? Bind(compilation) : 0;
            Settle();
            var withAnalyzers = compilation.Clone().WithAnalyzers(InTurn(analyzers, reversed: !bindingFirst), Options(exceptions));
            foreach (var analyzer in analyzers.OfType<InstrumentedAnalyzer>())
            {
                analyzer.Meter.Reset();
            }

            _ = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            if (!bindingFirst)
            {
                bindingTime = Bind(compilation);
            }

            if (warmUp.Continues())
            {
                continue;
            }

            binding.Add(bindingTime);
            await Record(withAnalyzers, suites, times, oursTotal, beforeTotal);
            foreach (var (suite, readings) in meters)
            {
                readings.Add(suite.Analyzers.Cast<InstrumentedAnalyzer>().Select(analyzer => analyzer.Meter.Read()).Aggregate((a, b) => new CallbackMeter.Reading(
                    a.Callbacks + b.Callbacks, a.Wall + b.Wall, a.Cpu + b.Cpu, a.GcPause + b.GcPause, a.Jit + b.Jit, a.AllocatedMegabytes + b.AllocatedMegabytes, a.Collections + b.Collections)));
            }

            if (binding.Count == _iterations)
            {
                // Each suite's own findings (the analysis has them already): the build from before a change reports
                // the same IDs as the current one.
                foreach (var suite in suites)
                {
                    found[suite] = await withAnalyzers.GetAnalyzerDiagnosticsAsync(suite.Analyzers, CancellationToken.None);
                }
            }
        }

        var result = new Run(times, binding, oursTotal, beforeTotal, found, exceptions, warmUp.Count, warmUp.LastJitShare);
        foreach (var (suite, readings) in meters)
        {
            result.Meters[suite] = readings;
        }

        return result;

        static double Bind(Compilation compilation)
        {
            Settle();
            var watch = Stopwatch.StartNew();
            _ = compilation.Clone().GetDiagnostics();
            return watch.Elapsed.TotalMilliseconds;
        }
    }

    private static async Task Record(CompilationWithAnalyzers withAnalyzers, IReadOnlyList<AnalyzerSuite> suites, Dictionary<AnalyzerSuite, List<double>> times, List<double> oursTotal, List<double> beforeTotal)
    {
        var ours = 0.0;
        var before = 0.0;
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
            else if (suite.IsBefore)
            {
                before += total.TotalMilliseconds;
            }
        }

        oursTotal.Add(ours);
        beforeTotal.Add(before);
    }

    private CompilationWithAnalyzersOptions Options(Dictionary<DiagnosticAnalyzer, int> exceptions)
        => new(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, _editorConfig),
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
        if (Before.Any())
        {
            var before = Spread.Of(run.BeforeTotal);
            var verdict = ours.IsBelow(before) ? "cost less than" : before.IsBelow(ours) ? "cost more than" : "are not distinguishable (ranges overlap) from";
            statements.Add(Invariant($"AsyncGuard's rules together {verdict} the same rules {Before.First().Name} (per-iteration ratio {Spread.Of(Ratios(run.OursTotal, run.BeforeTotal, 1)).Format("F2")})"));
        }

        foreach (var peer in _suites.Where(suite => !suite.IsAsyncGuard && !suite.IsBefore && !suite.IsFloor))
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

    /// <summary>With --instrument: Roslyn's time of each suite next to what its callbacks were measured to cost.</summary>
    private void WriteMeters(Run run)
    {
        if (run.Meters.Count == 0)
        {
            return;
        }

        _out.WriteLine();
        _out.WriteLine("Callbacks measured one by one (--instrument), median (min–max) per iteration: wall clock (what Roslyn also times), the thread's CPU time, the garbage-collection pauses and JIT compilation that fell inside the callbacks, allocations, collections started inside them.");
        _out.WriteLine();
        _out.WriteLine("| Analyzer | Rule | Roslyn ms | Callbacks | Wall ms | Thread CPU ms | GC pause ms | JIT ms | Allocated MB | Collections |");
        _out.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (suite, readings) in run.Meters)
        {
            _out.WriteLine(Invariant($"| {suite.Name} | {suite.RuleId} | {Spread.Of(run.Times[suite]).Format("F1")} | {Spread.Of(readings.Select(r => (double)r.Callbacks).ToList()).Format("F0")} | {Spread.Of(readings.Select(r => r.Wall).ToList()).Format("F1")} | {Spread.Of(readings.Select(r => r.Cpu).ToList()).Format("F1")} | {Spread.Of(readings.Select(r => r.GcPause).ToList()).Format("F1")} | {Spread.Of(readings.Select(r => r.Jit).ToList()).Format("F1")} | {Spread.Of(readings.Select(r => r.AllocatedMegabytes).ToList()).Format("F1")} | {Spread.Of(readings.Select(r => (double)r.Collections).ToList()).Format("F0")} |"));
        }
    }

    /// <summary>
    /// The order in which the analyzers run on each piece of code: reversed on every other iteration. The first to run
    /// pays for what is computed lazily and then shared: what the compiler binds, and the type provider every AsyncGuard
    /// rule shares (made again for each analysis request of one file, which gets a compilation object of its own). File by
    /// file on jellyfin, leaving AG0001 out moved about 1.4 s from AG0001 onto AG0002, and leaving out all but AG0003 put
    /// about 0.5 s on AG0003; the floor, which uses no provider, never paid it. Per-rule figures move with the order; the
    /// total of AsyncGuard's rules does not.
    /// </summary>
    private static ImmutableArray<DiagnosticAnalyzer> InTurn(ImmutableArray<DiagnosticAnalyzer> analyzers, bool reversed)
        => reversed ? analyzers.Reverse().ToImmutableArray() : analyzers;

    private static List<double> Ratios(List<double> numerators, List<double> denominators, double scale)
        => numerators.Zip(denominators, (n, d) => d <= 0 ? 0 : n * scale / d).ToList();

    private static Spread PerTenK(Spread spread, int lines)
    {
        var factor = 10000.0 / Math.Max(1, lines);
        return new Spread(spread.Median * factor, spread.Min * factor, spread.Max * factor);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string WarmUpsText(Run run)
        => Invariant($"Measured after {run.WarmUps} warm-up analyses (the JIT's time on all threads in the last: {run.LastWarmUpJitShare * 100:F0}% of it).");

    /// <summary>
    /// The first iterations are warm-ups, not recorded: until then the runtime is still replacing its first, quickly
    /// compiled code of the analyzers and of Roslyn with optimized code. On npgsql after one warm-up, the next five
    /// analyses were 3–4 times as slow for every analyzer as the ones after, so a median over them said more about the
    /// JIT than about the analyzers. The JIT's share of the last warm-up is reported; the measured iterations are printed
    /// in turn, so that a trend left in them shows.
    /// </summary>
    private sealed class WarmUp(int count)
    {
        /// <summary>ASYNCGUARD_BENCH_MARK=1: print on stderr when the measured iterations start (for profiling them alone).</summary>
        private static readonly bool MarkMeasuredStart = Environment.GetEnvironmentVariable("ASYNCGUARD_BENCH_MARK") == "1";

        private long _started;
        private TimeSpan _jitAtStart;

        public int Count { get; private set; }

        /// <summary>The JIT's time on all threads during the last warm-up, as a share of that warm-up's time.</summary>
        public double LastJitShare { get; private set; }

        public void Start()
        {
            _started = Stopwatch.GetTimestamp();
            _jitAtStart = System.Runtime.JitInfo.GetCompilationTime(currentThread: false);
        }

        /// <summary>After an iteration: true when it was a warm-up (not to be recorded).</summary>
        public bool Continues()
        {
            if (Count == count)
            {
                return false;
            }

            Count++;
            LastJitShare = (System.Runtime.JitInfo.GetCompilationTime(currentThread: false) - _jitAtStart) / Stopwatch.GetElapsedTime(_started);
            if (Count == count && MarkMeasuredStart)
            {
                // For a profiler recording with the monotonic clock (perf record -k mono): samples after this are measured ones.
                Console.Error.WriteLine(Invariant($"measured-from-monotonic {Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency:F6}"));
            }

            return true;
        }
    }
}
