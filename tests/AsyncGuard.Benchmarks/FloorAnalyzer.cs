using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Benchmarks;

// Instantiated by the benchmark in its own process, never loaded by a compiler: the rules for shipped analyzers do not apply.
#pragma warning disable RS1036, RS1041, RS2008

/// <summary>
/// An analyzer that registers actions that do nothing: what a rule pays for its registrations before doing any work of
/// its own. The default (FLOOR01) is one invocation action. The variants (--floors) register exactly what one of
/// AsyncGuard's rules or CA1849 registers, or ask the semantic model what the operation already says. None ever
/// reports; the descriptor only exists because Roslyn skips analyzers without an enabled one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class FloorAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "FLOOR01";

    private readonly Action<AnalysisContext> _register;

    public FloorAnalyzer()
        : this(Id, context => context.RegisterOperationAction(_ => { }, OperationKind.Invocation))
    {
    }

    private FloorAnalyzer(string id, Action<AnalysisContext> register)
    {
        _register = register;
        SupportedDiagnostics = ImmutableArray.Create(new DiagnosticDescriptor(id, "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true));
    }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        _register(context);
    }

    /// <summary>The variants: the registrations of each AsyncGuard rule and of CA1849, doing nothing; and semantic-model questions.</summary>
    public static IEnumerable<(string Name, FloorAnalyzer Analyzer)> Variants()
    {
        yield return ("Floor: AG0001's registrations", new("FLOOR11", c => c.RegisterCompilationStartAction(start =>
        {
            start.RegisterOperationAction(_ => { }, OperationKind.PropertyReference);
            start.RegisterOperationAction(_ => { }, OperationKind.Invocation);
        })));
        yield return ("Floor: AG0002's registrations", new("FLOOR12", c => c.RegisterCompilationStartAction(start =>
        {
            start.RegisterOperationAction(_ => { }, OperationKind.Invocation);
            start.RegisterOperationAction(_ => { }, OperationKind.Using, OperationKind.UsingDeclaration);
        })));
        yield return ("Floor: AG0003's registrations", new("FLOOR13", c => c.RegisterCompilationStartAction(start =>
            start.RegisterOperationAction(_ => { }, OperationKind.Invocation))));
        yield return ("Floor: AG0004's registrations", new("FLOOR14", c => c.RegisterCompilationStartAction(start =>
        {
            start.RegisterOperationAction(_ => { }, OperationKind.Invocation);
            start.RegisterOperationAction(_ => { }, OperationKind.Await);
        })));
        yield return ("Floor: AG0005's registrations", new("FLOOR15", c => c.RegisterCompilationStartAction(start =>
        {
            start.RegisterSymbolAction(_ => { }, SymbolKind.Method);
            start.RegisterOperationAction(_ => { }, OperationKind.LocalFunction);
            start.RegisterOperationAction(_ => { }, OperationKind.AnonymousFunction);
        })));
        yield return ("Floor: CA1849's registrations", new("FLOOR19", c => c.RegisterCompilationStartAction(start =>
            start.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.PropertyReference))));
        // Asking the semantic model about a call the operation already describes: bound nodes are cached per member,
        // so this measures the lookup itself (or the binding, where nobody bound the member before).
        yield return ("Floor: GetSymbolInfo per invocation", new("FLOOR21", c => c.RegisterOperationAction(
            context => _ = context.Operation.SemanticModel!.GetSymbolInfo(context.Operation.Syntax, context.CancellationToken),
            OperationKind.Invocation)));
        yield return ("Floor: GetOperation per invocation", new("FLOOR22", c => c.RegisterOperationAction(
            context => _ = context.Operation.SemanticModel!.GetOperation(context.Operation.Syntax, context.CancellationToken),
            OperationKind.Invocation)));
    }
}
