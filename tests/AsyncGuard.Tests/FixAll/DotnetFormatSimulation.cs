using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncGuard.Tests.FixAll
{
    /// <summary>
    /// Applies AsyncGuard's fixes the way <c>dotnet format analyzers</c> does (SDK 10, SolutionCodeFixApplier): rule by
    /// rule in a given order, analysis re-run on the solution as fixed so far, the code actions of the FIRST diagnostic
    /// listed are registered and the first one's equivalence key (null when it has none) is handed to the fixer's Fix All
    /// provider in solution scope, once per rule.
    /// </summary>
    internal static class DotnetFormatSimulation
    {
        public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(AsyncGuard.Rules.RuleIds).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        public static readonly ImmutableArray<CodeFixProvider> Fixers = typeof(DiagnosticEditCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        public static async Task<Project> CreateProjectAsync(IReadOnlyDictionary<string, string> files)
        {
            var references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            var workspace = new AdhocWorkspace();
            var project = workspace.CurrentSolution
                .AddProject("Consumer", "Consumer", LanguageNames.CSharp)
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
                .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
                .AddMetadataReferences(references);
            foreach (var (name, text) in files)
            {
                project = project.AddDocument(name, text, filePath: "/src/" + name).Project;
            }

            return project;
        }

        public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
        {
            var compilation = (await project.GetCompilationAsync())!;
            var diagnostics = await compilation.WithAnalyzers(Analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
            return diagnostics.Where(d => d.Location.IsInSource).ToImmutableArray();
        }

        /// <summary>One run. <paramref name="firstDiagnostic"/> picks which diagnostic of a rule is listed first.</summary>
        public static async Task<Project> RunAsync(Project project, IEnumerable<string> ruleOrder, Func<IReadOnlyList<Diagnostic>, Diagnostic> firstDiagnostic)
        {
            foreach (var id in ruleOrder)
            {
                var diagnostics = (await AnalyzeAsync(project)).Where(d => d.Id == id).ToList();
                if (diagnostics.Count == 0)
                {
                    continue;
                }

                foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(id)))
                {
                    var first = firstDiagnostic(diagnostics);
                    var document = project.GetDocument(first.Location.SourceTree)!;
                    CodeAction? action = null;
                    var context = new CodeFixContext(document, first, (a, _) => action ??= a, CancellationToken.None);
                    await fixer.RegisterCodeFixesAsync(context);

                    var fixAllContext = new FixAllContext(
                        document, fixer, FixAllScope.Solution, action?.EquivalenceKey!, new[] { id },
                        new Provider(diagnostics), CancellationToken.None);
                    var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(fixAllContext);
                    if (fixAll == null)
                    {
                        continue;
                    }

                    var operations = await fixAll.GetOperationsAsync(CancellationToken.None);
                    var apply = operations.OfType<ApplyChangesOperation>().Single();
                    project = apply.ChangedSolution.GetProject(project.Id)!;
                }
            }

            return project;
        }

        public static async Task<string> TextAsync(Project project)
        {
            var texts = new List<string>();
            foreach (var document in project.Documents.OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                texts.Add("// " + document.Name + "\n" + (await document.GetTextAsync()).ToString());
            }

            return string.Join("\n", texts);
        }

        private sealed class Provider : FixAllContext.DiagnosticProvider
        {
            private readonly IReadOnlyList<Diagnostic> _diagnostics;

            public Provider(IReadOnlyList<Diagnostic> diagnostics)
            {
                _diagnostics = diagnostics;
            }

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
                => Task.FromResult(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
        }
    }
}
