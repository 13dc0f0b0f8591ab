using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Benchmarks;

// Instantiated by the benchmark in its own process, never loaded by a compiler: the rules for shipped analyzers do not apply.
#pragma warning disable RS1036, RS1041, RS2008

/// <summary>
/// Registers an invocation action that does nothing: what any invocation-based rule pays before doing any work of
/// its own. It never reports; its descriptor only exists because Roslyn skips analyzers without an enabled one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class FloorAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "FLOOR01";

    private static readonly DiagnosticDescriptor Descriptor = new(Id, "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptor);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
    }
}
