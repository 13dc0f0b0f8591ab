using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Tests.FixAll;
using AsyncGuard.Tests.Repository;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AsyncGuard.Tests.Fixes
{
    /// <summary>
    /// A light bulb never offers a fix that then does nothing: every fixer is run on every AsyncGuard diagnostic of the
    /// repository's code written with the mistakes (the OrderDesk and PriceCrawler samples, the harness's slow variants),
    /// and each code action it registers must change the document's text.
    /// </summary>
    public class RegisteredActionsChangeTests
    {
        private static readonly string[] CorpusFolders =
        {
            Path.Combine("samples", "OrderDesk"),
            Path.Combine("samples", "PriceCrawler"),
            Path.Combine("src", "AsyncGuard.Harness", "Variants", "Slow"),
        };

        [Fact]
        public async Task Every_registered_code_action_changes_the_document()
        {
            var checkedActions = 0;
            var problems = new List<string>();
            foreach (var folder in CorpusFolders)
            {
                var project = CreateProject(folder);
                foreach (var diagnostic in await DotnetFormatSimulation.AnalyzeAsync(project))
                {
                    var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                    var before = (await document.GetTextAsync()).ToString();
                    foreach (var fixer in DotnetFormatSimulation.Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                    {
                        var actions = new List<CodeAction>();
                        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                        foreach (var action in actions)
                        {
                            checkedActions++;
                            var apply = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
                            var after = (await apply.ChangedSolution.GetDocument(document.Id)!.GetTextAsync()).ToString();
                            if (after == before)
                            {
                                var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;
                                problems.Add($"{Path.GetFileName(document.FilePath)}:{line} {diagnostic.Id} '{action.Title}' changes nothing");
                            }
                        }
                    }
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems));
            Assert.True(checkedActions >= 40, $"only {checkedActions} code actions registered on the corpus");
        }

        private static Project CreateProject(string folder)
        {
            var project = new AdhocWorkspace().CurrentSolution
                .AddProject(Path.GetFileName(folder), Path.GetFileName(folder), LanguageNames.CSharp)
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable))
                .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
                .AddMetadataReferences(SampleCode.References);
            project = project.AddDocument("ImplicitUsings.cs", SampleCode.ImplicitUsings, filePath: "/src/ImplicitUsings.cs").Project;
            foreach (var file in SampleCode.Files(folder))
            {
                project = project.AddDocument(Path.GetFileName(file), File.ReadAllText(file), filePath: "/src/" + Path.GetFileName(file)).Project;
            }

            return project;
        }
    }
}
