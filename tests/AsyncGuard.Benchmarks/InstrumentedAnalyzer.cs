using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Benchmarks;

// Instantiated by the benchmark in its own process, never loaded by a compiler: the rules for shipped analyzers do not apply.
#pragma warning disable RS1001, RS1012, RS1025, RS1026, RS1036, RS1041

/// <summary>
/// Another analyzer with each of its callbacks measured (--instrument): what Roslyn's per-analyzer time is made of.
/// Roslyn times each callback by wall clock; here each callback also records the thread's CPU time, the garbage
/// collection pauses and the JIT compilation that fell inside it, and what it allocated. Only the actions AsyncGuard's
/// rules and CA1849 register are measured one by one (compilation start, operation, symbol, compilation); a nested
/// block-start registration is passed on unmeasured.
/// </summary>
internal sealed class InstrumentedAnalyzer : DiagnosticAnalyzer
{
    public InstrumentedAnalyzer(DiagnosticAnalyzer inner) => Inner = inner;

    public DiagnosticAnalyzer Inner { get; }

    public CallbackMeter Meter { get; } = new();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => Inner.Initialize(new MeasuredContext(context, Meter));

    private sealed class MeasuredContext(AnalysisContext inner, CallbackMeter meter) : AnalysisContext
    {
        public override void EnableConcurrentExecution() => inner.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            => inner.RegisterCompilationStartAction(start => meter.Run(() => action(new MeasuredStartContext(start, meter))));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action)
            => inner.RegisterCompilationAction(c => meter.Run(() => action(c)));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action)
            => inner.RegisterSemanticModelAction(c => meter.Run(() => action(c)));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
            => inner.RegisterSymbolAction(c => meter.Run(() => action(c)), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => inner.RegisterCodeBlockStartAction(action);

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action)
            => inner.RegisterCodeBlockAction(c => meter.Run(() => action(c)));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action)
            => inner.RegisterSyntaxTreeAction(c => meter.Run(() => action(c)));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => inner.RegisterSyntaxNodeAction(c => meter.Run(() => action(c)), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => inner.RegisterOperationAction(c => meter.Run(() => action(c)), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
            => inner.RegisterOperationBlockStartAction(action);

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action)
            => inner.RegisterOperationBlockAction(c => meter.Run(() => action(c)));

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
            => inner.RegisterSymbolStartAction(action, symbolKind);
    }

    private sealed class MeasuredStartContext(CompilationStartAnalysisContext inner, CallbackMeter meter)
        : CompilationStartAnalysisContext(inner.Compilation, inner.Options, inner.CancellationToken)
    {
        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action)
            => inner.RegisterCompilationEndAction(c => meter.Run(() => action(c)));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action)
            => inner.RegisterSemanticModelAction(c => meter.Run(() => action(c)));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
            => inner.RegisterSymbolAction(c => meter.Run(() => action(c)), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => inner.RegisterCodeBlockStartAction(action);

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action)
            => inner.RegisterCodeBlockAction(c => meter.Run(() => action(c)));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action)
            => inner.RegisterSyntaxTreeAction(c => meter.Run(() => action(c)));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => inner.RegisterSyntaxNodeAction(c => meter.Run(() => action(c)), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => inner.RegisterOperationAction(c => meter.Run(() => action(c)), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
            => inner.RegisterOperationBlockStartAction(action);

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action)
            => inner.RegisterOperationBlockAction(c => meter.Run(() => action(c)));

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
            => inner.RegisterSymbolStartAction(action, symbolKind);

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action)
            => inner.RegisterAdditionalFileAction(c => meter.Run(() => action(c)));
    }
}

/// <summary>What the measured callbacks of one analyzer cost, summed since the last <see cref="Reset"/>.</summary>
internal sealed class CallbackMeter
{
    private long _callbacks;
    private long _wallTicks;
    private long _cpuNanoseconds;
    private long _gcPauseTicks;
    private long _jitTicks;
    private long _allocatedBytes;
    private long _collections;

    public void Reset() => _callbacks = _wallTicks = _cpuNanoseconds = _gcPauseTicks = _jitTicks = _allocatedBytes = _collections = 0;

    public Reading Read() => new(
        _callbacks,
        _wallTicks * 1000.0 / Stopwatch.Frequency,
        _cpuNanoseconds / 1e6,
        TimeSpan.FromTicks(_gcPauseTicks).TotalMilliseconds,
        TimeSpan.FromTicks(_jitTicks).TotalMilliseconds,
        _allocatedBytes / 1048576.0,
        _collections);

    /// <summary>Runs one callback and adds what it cost. Callbacks do not nest (analysis is not concurrent here).</summary>
    public void Run(Action callback)
    {
        var pause = GC.GetTotalPauseDuration().Ticks;
        var jit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true).Ticks;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var collections = GC.CollectionCount(0);
        var cpu = ThreadCpuNanoseconds();
        var wall = Stopwatch.GetTimestamp();
        try
        {
            callback();
        }
        finally
        {
            _wallTicks += Stopwatch.GetTimestamp() - wall;
            _cpuNanoseconds += ThreadCpuNanoseconds() - cpu;
            _collections += GC.CollectionCount(0) - collections;
            _allocatedBytes += GC.GetAllocatedBytesForCurrentThread() - allocated;
            _jitTicks += System.Runtime.JitInfo.GetCompilationTime(currentThread: true).Ticks - jit;
            _gcPauseTicks += GC.GetTotalPauseDuration().Ticks - pause;
            _callbacks++;
        }
    }

    /// <summary>
    /// Thread CPU time is a system call on each side of every callback: on a loaded machine each one lets the scheduler
    /// take the core away inside Roslyn's timed region (it inflated a do-nothing analyzer's Roslyn time from about 1 to
    /// 30–250 ms on npgsql). So only with ASYNCGUARD_BENCH_THREAD_CPU=1.
    /// </summary>
    private static readonly bool MeasureThreadCpu = Environment.GetEnvironmentVariable("ASYNCGUARD_BENCH_THREAD_CPU") == "1";

    /// <summary>CLOCK_THREAD_CPUTIME_ID: CPU time of the calling thread, not counting time it waited for a core.</summary>
    private static long ThreadCpuNanoseconds()
    {
        if (!MeasureThreadCpu || !OperatingSystem.IsLinux())
        {
            return 0;
        }

        ClockGetTime(3, out var time);
        return time.Seconds * 1_000_000_000L + time.Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>Milliseconds except <see cref="Callbacks"/>, <see cref="AllocatedMegabytes"/> and <see cref="Collections"/> (gen0 or older).</summary>
    public readonly record struct Reading(long Callbacks, double Wall, double Cpu, double GcPause, double Jit, double AllocatedMegabytes, long Collections);
}
