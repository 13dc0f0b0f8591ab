using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
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

namespace AsyncGuard.Tests.Harness
{
    /// <summary>
    /// Makes the harness's fast variants from its slow ones: every AsyncGuard analyzer and every fix (found by
    /// reflection, so a new rule is included without a change here), applied until no diagnostic with a fix is left.
    /// The variants are compiled the way the harness project compiles them (nullable on, implicit usings), next to the
    /// harness files they use (<see cref="SupportFiles"/>).
    /// </summary>
    internal static class VariantFixer
    {
        /// <summary>The folder of the slow variants, relative to the repository root.</summary>
        public static readonly string[] SlowFolder = { "src", "AsyncGuard.Harness", "Variants", "Slow" };

        public static readonly string[] FastFolder = { "src", "AsyncGuard.Harness", "Variants", "Fast" };

        /// <summary>Harness files the variants use, compiled with them.</summary>
        public static readonly string[] SupportFiles = { "Catalog.cs" };

        public const string SlowHeaderPrefix = "// Slow variant:";

        /// <summary>Set to 1 to rewrite Variants/Fast from the fixes' output instead of comparing with it.</summary>
        public const string RegenerateVariable = "ASYNCGUARD_REGENERATE_FAST";

        private const string ImplicitUsings =
            "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\n" +
            "global using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";

        public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(BlockingTaskAnalyzer).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();

        public static ImmutableArray<CodeFixProvider> Fixes { get; } = typeof(BlockingTaskCodeFix).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.GetCustomAttribute<ExportCodeFixProviderAttribute>() != null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
            .ToImmutableArray();

        public static IEnumerable<string> SlowFiles()
            => Directory.GetFiles(RepositoryLayout.PathOf(SlowFolder), "*.cs").Select(Path.GetFileName).OrderBy(name => name, StringComparer.Ordinal)!;

        /// <summary>The fast file the fixes make of the slow file <paramref name="name"/>: fixed code, fast namespace and header.</summary>
        public static async Task<string> FastTextAsync(string name)
        {
            var slow = await File.ReadAllTextAsync(RepositoryLayout.PathOf(SlowFolder.Append(name).ToArray()));
            var fixedText = await ApplyAllFixesAsync(slow);
            var lines = fixedText.ReplaceLineEndings("\n").Split('\n').ToList();
            if (lines[0].StartsWith(SlowHeaderPrefix, StringComparison.Ordinal))
            {
                lines[0] = $"// Fast variant, generated: every AsyncGuard fix applied to Variants/Slow/{name} (regenerate: {RegenerateVariable}=1, see VariantFixTests).";
            }

            return string.Join("\n", lines).Replace(".Variants.Slow;", ".Variants.Fast;", StringComparison.Ordinal);
        }

        /// <summary>Applies the first fix offered for the first diagnostic that has one, until none is left.</summary>
        public static async Task<string> ApplyAllFixesAsync(string source)
        {
            var document = CreateProject().AddDocument("Variant.cs", source);
            for (var round = 0; round < 100; round++)
            {
                var tree = (await document.GetSyntaxTreeAsync())!;
                var diagnostics = await AnalyzeAsync(document.Project);
                Document? next = null;
                foreach (var diagnostic in diagnostics.Where(d => d.Location.SourceTree == tree).OrderBy(d => d.Location.SourceSpan.Start))
                {
                    next = await FirstFixAsync(document, diagnostic);
                    if (next != null)
                    {
                        break;
                    }
                }

                if (next == null)
                {
                    return (await document.GetTextAsync()).ToString();
                }

                document = next;
            }

            throw new InvalidOperationException("the fixes did not converge in 100 rounds");
        }

        /// <summary>AsyncGuard's diagnostics (every rule) on the given files, compiled with the support files.</summary>
        public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(IEnumerable<(string Name, string Text)> files)
        {
            var project = CreateProject();
            foreach (var (name, text) in files)
            {
                project = project.AddDocument(name, text).Project;
            }

            return await AnalyzeAsync(project);
        }

        /// <summary>The compiler's own errors and warnings on the given files.</summary>
        public static async Task<ImmutableArray<Diagnostic>> CompilerDiagnosticsAsync(IEnumerable<(string Name, string Text)> files)
        {
            var project = CreateProject();
            foreach (var (name, text) in files)
            {
                project = project.AddDocument(name, text).Project;
            }

            var compilation = (await project.GetCompilationAsync())!;
            return compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
        {
            var compilation = (await project.GetCompilationAsync())!;
            return await compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        }

        private static async Task<Document?> FirstFixAsync(Document document, Diagnostic diagnostic)
        {
            foreach (var fix in Fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                if (actions.Count == 0)
                {
                    continue;
                }

                var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
                return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id);
            }

            return null;
        }

        private static Project CreateProject()
        {
            var workspace = new AdhocWorkspace();
            // The shared framework the harness runs on (Microsoft.NETCore.App), as its project references it.
            var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(path => Path.GetDirectoryName(path) == framework)
                .Select(path => MetadataReference.CreateFromFile(path));
            var project = workspace.AddProject("AsyncGuard.Harness", LanguageNames.CSharp)
                .WithMetadataReferences(references)
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
                .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest));
            project = project.AddDocument("GlobalUsings.cs", ImplicitUsings).Project;
            foreach (var support in SupportFiles)
            {
                project = project.AddDocument(support, File.ReadAllText(RepositoryLayout.PathOf("src", "AsyncGuard.Harness", support))).Project;
            }

            return project;
        }
    }
}
