using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.CodeFixes;
using AsyncGuard.Rules;
using AsyncGuard.Tests.Repository;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AsyncGuard.Tests.Harness
{
    /// <summary>
    /// The harness measures the real fixes: each fast variant must be exactly what AsyncGuard's code fixes make of
    /// the slow variant (the rules applied are named in the slow file's first line).
    /// </summary>
    public class VariantFixTests
    {
        private static readonly (DiagnosticAnalyzer Analyzer, CodeFixProvider Fix)[] Rules =
        {
            (new BlockingTaskAnalyzer(), new BlockingTaskCodeFix()),
            (new AsyncCounterpartAnalyzer(), new AsyncCounterpartCodeFix()),
            (new UnboundedFanOutAnalyzer(), new UnboundedFanOutCodeFix()),
            (new UnguardedFanOutIoAnalyzer(), new GuardFanOutIoCodeFix()),
            (new AsyncVoidAnalyzer(), new AsyncVoidCodeFix()),
        };

        public static IEnumerable<object[]> SlowVariants()
            => Directory.GetFiles(RepositoryLayout.PathOf("src", "AsyncGuard.Harness", "Variants", "Slow"), "*.cs")
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => new object[] { Path.GetFileName(path) });

        [Theory]
        [MemberData(nameof(SlowVariants))]
        public async Task Fast_variant_is_what_the_fixes_make_of_the_slow_one(string file)
        {
            var slow = File.ReadAllText(RepositoryLayout.PathOf("src", "AsyncGuard.Harness", "Variants", "Slow", file));
            var fast = File.ReadAllText(RepositoryLayout.PathOf("src", "AsyncGuard.Harness", "Variants", "Fast", file));
            var ids = Regex.Match(slow, @"^// AsyncGuard fixes applied to make Variants/Fast: (?<ids>.+)$", RegexOptions.Multiline).Groups["ids"].Value
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEmpty(ids);

            var fixedText = await ApplyFixesAsync(slow, ids);

            Assert.Equal(fast.ReplaceLineEndings(), fixedText.Replace(".Variants.Slow;", ".Variants.Fast;", StringComparison.Ordinal).ReplaceLineEndings());
            Assert.NotEqual(slow.ReplaceLineEndings(), fast.ReplaceLineEndings().Replace(".Variants.Fast;", ".Variants.Slow;", StringComparison.Ordinal));
        }

        /// <summary>Applies the first code action of each diagnostic of the given rules until none is left.</summary>
        private static async Task<string> ApplyFixesAsync(string source, IReadOnlyCollection<string> ids)
        {
            using var workspace = new AdhocWorkspace();
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
                .Select(path => MetadataReference.CreateFromFile(path));
            var project = workspace.AddProject("Harness", LanguageNames.CSharp)
                .WithMetadataReferences(references)
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable))
                .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest));
            project = project.AddDocument("GlobalUsings.cs", "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\nglobal using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n").Project;
            var document = project.AddDocument("Variant.cs", source);
            var rules = Rules.Where(rule => rule.Analyzer.SupportedDiagnostics.Any(d => ids.Contains(d.Id))).ToList();
            Assert.Equal(ids.Count, rules.Count);

            for (var round = 0; round < 50; round++)
            {
                var compilation = (await document.Project.GetCompilationAsync())!;
                var diagnostics = await compilation.WithAnalyzers(rules.Select(rule => rule.Analyzer).ToImmutableArray())
                    .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
                var tree = await document.GetSyntaxTreeAsync();
                var next = diagnostics
                    .Where(d => ids.Contains(d.Id) && d.Location.SourceTree == tree)
                    .OrderBy(d => d.Location.SourceSpan.Start)
                    .FirstOrDefault();
                if (next == null)
                {
                    return (await document.GetTextAsync()).ToString();
                }

                var fixer = rules.First(rule => rule.Fix.FixableDiagnosticIds.Contains(next.Id)).Fix;
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, next, (action, _) => actions.Add(action), CancellationToken.None));
                Assert.True(actions.Count > 0, "no fix offered for " + next);
                var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
                var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                document = solution.GetDocument(document.Id)!;
            }

            throw new InvalidOperationException("fixes did not converge");
        }
    }
}
