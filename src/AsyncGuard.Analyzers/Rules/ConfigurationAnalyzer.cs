using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using AsyncGuard.Concepts;
using AsyncGuard.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Rules
{
    /// <summary>
    /// AG0006: reports each AsyncGuard configuration entry that could not be used, once per compilation: a value an
    /// option cannot read, an unknown <c>asyncguard.*</c> key (naming the nearest valid one), a malformed line of
    /// <c>AsyncGuard.BlockingApis.txt</c>, and configured APIs or types that name nothing in the compilation or do
    /// not match. The rules themselves ignore such entries and use their defaults, so a bad value never stops
    /// analysis. At most <see cref="MaxReportsPerFile"/> problems are reported per file, then one "and N more".
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConfigurationAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>A garbage file must not bury the build log: past this many, one summary line per file.</summary>
        internal const int MaxReportsPerFile = 20;

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
            var types = WellKnownSymbols.For(context.Compilation);

            var configuration = BlockingApiConfiguration.Parse(context.Options.AdditionalFiles, context.CancellationToken);
            problems.AddRange(configuration.Problems);
            if (types != null)
            {
                problems.AddRange(new AsyncCounterpartFinder(context.Compilation, types, configuration).ConfigurationProblems());

                foreach (var excluded in configuration.ExcludedEntries)
                {
                    if (!NamesSomething(types, excluded.Name))
                    {
                        problems.Add(new ConfigurationProblem(excluded.Location, $"'!{excluded.Name}' in {BlockingApiConfiguration.FileName}: names no type or method in this compilation"));
                    }
                }
            }

            foreach (var option in AsyncGuardOptions.All)
            {
                foreach (var value in option.DistinctValues(context.Options, context.Compilation))
                {
                    CheckValue(option, value, types, problems);
                }
            }

            foreach (var key in UnknownKeys(context))
            {
                problems.Add(new ConfigurationProblem(Location.None, $"'{key}' is not an AsyncGuard option; did you mean '{Nearest(key)}'? The entry is ignored"));
            }

            ReportCapped(context, problems);
        }

        private static void CheckValue(OptionDefinition option, string value, WellKnownSymbols? types, List<ConfigurationProblem> problems)
        {
            if (option is not NameListOption list)
            {
                if (option.Problem(value) is { } problem)
                {
                    problems.Add(new ConfigurationProblem(Location.None, problem));
                }

                return;
            }

            foreach (var problem in list.Problems(value))
            {
                problems.Add(new ConfigurationProblem(Location.None, problem));
            }

            if (types == null)
            {
                return;
            }

            foreach (var name in list.Names(value))
            {
                var found = list == AsyncGuardOptions.ExternalIoTypes ? types.Resolve(name) != null : NamesSomething(types, name);
                if (!found)
                {
                    problems.Add(new ConfigurationProblem(Location.None, $"'{name}' in {list.Key}: names no {(list == AsyncGuardOptions.ExternalIoTypes ? "type" : "type or method")} in this compilation (write Namespace.Type, nested types as Outer+Inner); the entry is ignored"));
                }
            }
        }

        /// <summary><c>Namespace.Type</c> resolves to a type, or <c>Namespace.Type.Method</c> to a type with such a method.</summary>
        private static bool NamesSomething(WellKnownSymbols types, string name)
        {
            if (types.Resolve(name) != null)
            {
                return true;
            }

            var dot = name.LastIndexOf('.');
            return dot > 0 && types.Resolve(name.Substring(0, dot)) is { } type && !type.GetMembers(name.Substring(dot + 1)).IsEmpty;
        }

        /// <summary>Keys starting with <c>asyncguard.</c> that no option defines, from the global and per-file options.</summary>
        private static IEnumerable<string> UnknownKeys(CompilationAnalysisContext context)
        {
            var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var option in AsyncGuardOptions.All)
            {
                known.Add(option.Key);
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var provider = context.Options.AnalyzerConfigOptionsProvider;
            foreach (var key in KeysOf(provider.GlobalOptions))
            {
                if (IsUnknown(key) && seen.Add(key))
                {
                    yield return key;
                }
            }

            foreach (var tree in context.Compilation.SyntaxTrees)
            {
                foreach (var key in KeysOf(provider.GetOptions(tree)))
                {
                    if (IsUnknown(key) && seen.Add(key))
                    {
                        yield return key;
                    }
                }
            }

            bool IsUnknown(string key) => key.StartsWith(AsyncGuardOptions.KeyPrefix, StringComparison.OrdinalIgnoreCase) && !known.Contains(key);
        }

        /// <summary>
        /// The keys a host's options list. Listing is optional for a host (the base class throws
        /// <see cref="NotImplementedException"/>; the compiler and the IDE list them, a custom host may not): options
        /// that cannot be listed have no unknown keys to report, and the values are still checked.
        /// </summary>
        private static IEnumerable<string> KeysOf(AnalyzerConfigOptions options)
        {
            try
            {
                return options.Keys;
            }
            catch (NotImplementedException)
            {
                return Array.Empty<string>();
            }
        }

        /// <summary>The valid key closest to <paramref name="key"/> by edit distance (case ignored).</summary>
        internal static string Nearest(string key)
        {
            var best = AsyncGuardOptions.All[0].Key;
            var bestDistance = int.MaxValue;
            foreach (var option in AsyncGuardOptions.All)
            {
                var distance = EditDistance(key.ToLowerInvariant(), option.Key.ToLowerInvariant());
                if (distance < bestDistance)
                {
                    best = option.Key;
                    bestDistance = distance;
                }
            }

            return best;
        }

        private static int EditDistance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
                }

                (previous, current) = (current, previous);
            }

            return previous[b.Length];
        }

        /// <summary>Each distinct problem once, at most <see cref="MaxReportsPerFile"/> per file, then one line with the rest's count.</summary>
        private static void ReportCapped(CompilationAnalysisContext context, List<ConfigurationProblem> problems)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var perFile = new Dictionary<string, int>(StringComparer.Ordinal);
            var lastLocation = new Dictionary<string, Location>(StringComparer.Ordinal);
            foreach (var problem in problems)
            {
                if (!seen.Add(problem.Message))
                {
                    continue;
                }

                var file = problem.Location.GetLineSpan().Path ?? string.Empty;
                perFile.TryGetValue(file, out var count);
                perFile[file] = count + 1;
                lastLocation[file] = problem.Location;
                if (count < MaxReportsPerFile)
                {
                    context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.InvalidConfiguration, problem.Location, problem.Message));
                }
            }

            foreach (var pair in perFile)
            {
                if (pair.Value > MaxReportsPerFile)
                {
                    var where = pair.Key.Length == 0 ? "the .editorconfig options" : System.IO.Path.GetFileName(pair.Key);
                    var more = (pair.Value - MaxReportsPerFile).ToString(CultureInfo.InvariantCulture);
                    context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.InvalidConfiguration, lastLocation[pair.Key], $"and {more} more problems in {where}, not listed one by one"));
                }
            }
        }
    }
}
