using System.Collections.Generic;
using System.Collections.Immutable;
using AsyncGuard.Concepts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Rules
{
    /// <summary>
    /// AG0006: reports each AsyncGuard configuration entry that could not be read, once per compilation. The rules
    /// themselves ignore such entries and use their defaults, so a bad value never stops analysis.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConfigurationAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(RuleDescriptors.InvalidConfiguration);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationAction(Report);
        }

        private static void Report(CompilationAnalysisContext context)
        {
            var problems = new List<ConfigurationProblem>();
            var configuration = BlockingApiConfiguration.Parse(context.Options.AdditionalFiles, context.CancellationToken);
            problems.AddRange(configuration.Problems);
            var types = KnownTaskTypes.TryCreate(context.Compilation);
            if (types != null)
            {
                _ = new AsyncCounterpartFinder(context.Compilation, types, configuration, out var resolution);
                problems.AddRange(resolution);
            }

            foreach (var option in RuleOptions.DistinctValues(context.Options, context.Compilation, BlockingApiConfiguration.ExcludedApisKey))
            {
                BlockingApiConfiguration.ParseExclusionList(option, out var listProblems);
                problems.AddRange(listProblems);
            }

            var seen = new HashSet<string>();
            foreach (var problem in problems)
            {
                if (seen.Add(problem.Message))
                {
                    context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.InvalidConfiguration, problem.Location, problem.Message));
                }
            }
        }
    }
}
