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
            var types = WellKnownSymbols.TryCreate(context.Compilation);
            if (types != null)
            {
                AsyncCounterpartFinder.ResolveConfiguredReplacements(types, configuration, out var resolution);
                problems.AddRange(resolution);
            }

            foreach (var option in RuleOptions.DistinctValues(context.Options, context.Compilation, BlockingApiConfiguration.ExcludedApisKey))
            {
                BlockingApiConfiguration.ParseExclusionList(option, out var listProblems);
                problems.AddRange(listProblems);
            }

            CheckInteger(context, problems, RuleOptions.FanOutBoundKey, RuleOptions.DefaultFanOutBound, 0, int.MaxValue);
            CheckInteger(context, problems, RuleOptions.ThrottleDegreeKey, RuleOptions.DefaultThrottleDegree, 1, 10000);

            foreach (var value in RuleOptions.DistinctValues(context.Options, context.Compilation, ExternalIo.ScopeKey))
            {
                if (value.Trim() is not ("fan_out" or "loops" or "everywhere"))
                {
                    problems.Add(new ConfigurationProblem(Location.None, $"'{value}' for {ExternalIo.ScopeKey}: expected fan_out, loops or everywhere; the default fan_out is used"));
                }
            }

            foreach (var value in RuleOptions.DistinctValues(context.Options, context.Compilation, ExternalIo.ExtraTypesKey))
            {
                foreach (var name in ExternalIo.ParseExtraTypes(value))
                {
                    if (types != null && types.Resolve(name) == null)
                    {
                        problems.Add(new ConfigurationProblem(Location.None, $"'{name}' in {ExternalIo.ExtraTypesKey}: no such type in this compilation (use Namespace.Type, nested types as Outer+Inner)"));
                    }
                }
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

        private static void CheckInteger(CompilationAnalysisContext context, List<ConfigurationProblem> problems, string key, int defaultValue, int min, int max)
        {
            foreach (var value in RuleOptions.DistinctValues(context.Options, context.Compilation, key))
            {
                if (!RuleOptions.TryParseInt(value, min, max, out _))
                {
                    problems.Add(new ConfigurationProblem(Location.None, $"'{value}' for {key}: expected a whole number from {min} to {max}; the default {defaultValue} is used"));
                }
            }
        }
    }
}
