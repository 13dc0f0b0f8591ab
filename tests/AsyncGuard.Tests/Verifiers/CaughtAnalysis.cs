using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Tests.Verifiers
{
    /// <summary>Analyses that record every analyzer exception, labelled, instead of leaving it to an AD0001 in the results.</summary>
    internal static class CaughtAnalysis
    {
        public static CompilationWithAnalyzers WithAnalyzers(
            Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, List<string> failures, string what = "", AnalyzerConfigOptionsProvider? options = null)
            => compilation.WithAnalyzers(
                analyzers,
                new CompilationWithAnalyzersOptions(
                    options == null ? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty) : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, options),
                    (exception, analyzer, _) =>
                    {
                        lock (failures)
                        {
                            failures.Add($"{what}: {analyzer.GetType().Name} threw {exception}");
                        }
                    },
                    concurrentAnalysis: true,
                    logAnalyzerExecutionTime: false));
    }
}
