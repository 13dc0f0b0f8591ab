using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Rules;
using AsyncGuard.Tests.Repository;
using AsyncGuard.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>
    /// Half-typed code, as the IDE analyzes it on every keystroke: each file of the sample apps cut short after a token,
    /// cut in the middle of one, and missing one, at places spread evenly over the file. Every AsyncGuard analyzer runs on
    /// each version, on the file alone as the IDE asks and every few versions on the whole project, with no options, with
    /// non-default ones and with invalid ones. An analyzer exception (AD0001) is a bug whatever the code: none may occur.
    /// </summary>
    public class HalfTypedCodeTests
    {
        private const int PlacesPerFile = 8;

        /// <summary>Every analyzer the package ships, a new rule's included.</summary>
        private static readonly ImmutableArray<DiagnosticAnalyzer> Rules = PackageTypes.Analyzers()
            .OrderBy(type => type.Name, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();

        private static readonly AnalyzerConfigOptionsProvider[] OptionSets =
        {
            new FixedOptionsProvider(new Dictionary<string, string>()),
            new FixedOptionsProvider(new Dictionary<string, string>
            {
                ["asyncguard.AG0001.async_code"] = "async_keyword",
                ["asyncguard.AG0002.async_code"] = "async_keyword",
                ["asyncguard.AG0002.excluded_apis"] = "System.IO.Stream.Read, System.Threading.Thread",
                ["asyncguard.AG0003.bounded_item_count"] = "0",
                ["asyncguard.AG0003.max_concurrency"] = "10000",
                ["asyncguard.AG0004.scope"] = "everywhere",
                ["asyncguard.AG0004.external_io_types"] = "System.IO.Stream, PriceCrawler.SupplierClient",
            }),
            new FixedOptionsProvider(AsyncGuard.Options.AsyncGuardOptions.All
                .Select(option => option.Key)
                .Append("asyncguard.AG0002.no_such_key")
                .ToDictionary(key => key, _ => "?? ,, =>")),
        };

        [Theory]
        [InlineData("samples/OrderDesk")]
        [InlineData("samples/PriceCrawler")]
        public async Task No_analyzer_throws_on_a_sample_cut_short_or_missing_a_token(string folder)
        {
            Assert.Contains(Rules, rule => rule is AsyncCounterpartAnalyzer);
            Assert.Contains(Rules, rule => rule is ConfigurationAnalyzer);
            var trees = Trees(folder);
            var failures = new List<string>();

            // Unchanged, the project binds without errors and has findings: the versions below reach the rules' semantic paths.
            var unchanged = Compile(trees);
            Assert.Empty(unchanged.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).Select(diagnostic => diagnostic.ToString()));
            var findings = await AnalyzeAsync(unchanged, null, OptionSets[0], Rules, failures, "unchanged");
            Assert.Contains(findings, diagnostic => diagnostic.Id.StartsWith("AG000", StringComparison.Ordinal) && diagnostic.Id != "AG0006");

            var analyses = 0;
            for (var index = 0; index < trees.Length; index++)
            {
                foreach (var (what, changedTree) in Versions(trees[index]))
                {
                    var compilation = Compile(trees.SetItem(index, changedTree));
                    await AnalyzeAsync(compilation, analyses % 4 == 0 ? null : changedTree, OptionSets[analyses % OptionSets.Length], Rules, failures, what);
                    analyses++;
                }
            }

            Assert.Equal(trees.Length * PlacesPerFile * 3, analyses);
            Assert.Empty(failures);
        }

        [Fact]
        public async Task The_check_sees_an_analyzer_that_throws()
        {
            // Without this the test above could pass with exceptions that never reach the check.
            var trees = Trees("samples/PriceCrawler");
            var failures = new List<string>();
            var compilation = Compile(trees);

            await AnalyzeAsync(compilation, null, OptionSets[0], ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()), failures, "whole");
            await AnalyzeAsync(compilation, trees[0], OptionSets[0], ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()), failures, "one file");

            Assert.Contains(failures, failure => failure.StartsWith("whole", StringComparison.Ordinal) && failure.Contains(nameof(ThrowingAnalyzer)));
            Assert.Contains(failures, failure => failure.StartsWith("one file", StringComparison.Ordinal) && failure.Contains(nameof(ThrowingAnalyzer)));
        }

        /// <summary>The file cut short after a token, cut inside it, and without it, at places spread evenly over the file.</summary>
        private static IEnumerable<(string What, SyntaxTree Tree)> Versions(SyntaxTree tree)
        {
            var text = tree.GetText().ToString();
            var tokens = tree.GetRoot().DescendantTokens().Where(token => !token.IsKind(SyntaxKind.EndOfFileToken)).ToList();
            for (var place = 1; place <= PlacesPerFile; place++)
            {
                var token = tokens[place * tokens.Count / (PlacesPerFile + 1)];
                var where = $"{Path.GetFileName(tree.FilePath)}, '{token.Text}' at {token.SpanStart}";
                yield return ("cut after " + where, Changed(text.Substring(0, token.Span.End)));
                yield return ("cut inside " + where, Changed(text.Substring(0, token.SpanStart + Math.Max(1, token.Span.Length / 2))));
                yield return ("without " + where, Changed(text.Remove(token.SpanStart, token.Span.Length)));
            }

            SyntaxTree Changed(string changed) => tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(changed));
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
            Compilation compilation, SyntaxTree? file, AnalyzerConfigOptionsProvider options, ImmutableArray<DiagnosticAnalyzer> analyzers, List<string> failures, string what)
        {
            var withAnalyzers = CaughtAnalysis.WithAnalyzers(compilation, analyzers, failures, what, options);
            var diagnostics = file == null
                ? await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None)
                : await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(file), null, CancellationToken.None);
            lock (failures)
            {
                failures.AddRange(diagnostics.Where(diagnostic => diagnostic.Id == "AD0001").Select(diagnostic => $"{what}: {diagnostic}"));
            }

            return diagnostics;
        }

        private static Compilation Compile(ImmutableArray<SyntaxTree> trees)
            => CSharpCompilation.Create(
                "Sample",
                trees,
                SampleCode.References,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        /// <summary>A folder's files and the implicit usings its SDK adds.</summary>
        private static ImmutableArray<SyntaxTree> Trees(string folder)
        {
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            return SampleCode.Files(folder)
                .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parse, path))
                .Append(CSharpSyntaxTree.ParseText(SampleCode.ImplicitUsings, parse, "ImplicitUsings.cs"))
                .ToImmutableArray();
        }

        // A test double, never shipped: no release tracking, and the test project is no analyzer project.
#pragma warning disable RS1036, RS2008

        /// <summary>Throws on every invocation it is shown.</summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor("TEST0001", "Throws", "Throws", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterOperationAction(operation => throw new InvalidOperationException("thrown on purpose at " + ((IInvocationOperation)operation.Operation).TargetMethod.Name), OperationKind.Invocation);
            }
        }
#pragma warning restore RS1036, RS2008
    }
}
