using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Rules;
using AsyncGuard.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>
    /// The rules as the IDE runs them: one request per file, each on a compilation object of its own, one compilation
    /// after another as the code is edited. The rules' state is made on first use, and what metadata references declare
    /// is kept across compilations: the findings must be those of one analysis of the whole compilation, and nothing
    /// kept may carry what one compilation's code declares or imports into the next.
    /// </summary>
    public class AnalysisRequestTests
    {
        private static readonly MetadataReference[] Runtime = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Threading.dll"
                or "System.Threading.Tasks.dll" or "System.Linq.dll" or "System.Collections.dll" or "System.Net.Http.dll" or "System.Net.Primitives.dll" or "System.Private.Uri.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();

        private static readonly ImmutableArray<DiagnosticAnalyzer> Rules = ImmutableArray.Create<DiagnosticAnalyzer>(
            new BlockingTaskAnalyzer(), new AsyncCounterpartAnalyzer(), new UnboundedFanOutAnalyzer(), new UnguardedFanOutIoAnalyzer(), new AsyncVoidAnalyzer());

        /// <summary>A library compiled to metadata (not a compilation reference): its types are read from an image.</summary>
        private static readonly MetadataReference Library = Image(CSharpCompilation.Create(
                "Lib",
                new[]
                {
                    CSharpSyntaxTree.ParseText("""
                        using System.Threading.Tasks;
                        namespace Lib
                        {
                            public class Reader { public int Read() => 0; public Task<int> ReadAsync() => Task.FromResult(0); }
                            public class Client { public string Fetch(string url) => url; }
                            public static class ClientExtensions { public static Task<string> FetchAsync(this Client client, string url) => Task.FromResult(url); }
                        }
                        """),
                },
                Runtime,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)));

        private static MetadataReference Image(Compilation library)
        {
            using var image = new MemoryStream();
            Assert.True(library.Emit(image).Success);
            return MetadataReference.CreateFromImage(image.ToArray());
        }

        private const string Callers = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            class Callers
            {
                async Task<int> Blocks(Task<int> task, Lib.Reader reader)
                {
                    Thread.Sleep(10);
                    return task.Result + reader.Read();
                }

                async Task<int[]> FansOut(HttpClient http, IEnumerable<string> urls)
                {
                    return await Task.WhenAll(urls.Select(async url =>
                    {
                        var page = await http.GetStringAsync(url);
                        return page.Length;
                    }));
                }

                async void Fire() => await Task.Delay(1);
            }
            """;

        /// <summary>An async method that calls <paramref name="call"/> on a parameter of a library type, after an await.</summary>
        private static string Caller(string parameter, string result, string call) => $$"""
            class Caller
            {
                async System.Threading.Tasks.Task<{{result}}> M({{parameter}})
                {
                    await System.Threading.Tasks.Task.Yield();
                    return {{call}};
                }
            }
            """;

        private static CSharpCompilation Compile(params string[] sources)
            => CSharpCompilation.Create(
                "App",
                sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, path: $"File{i}.cs")),
                Runtime.Append(Library),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        private static async Task<string[]> WholeAsync(Compilation compilation)
            => Describe(await compilation.WithAnalyzers(Rules).GetAnalyzerDiagnosticsAsync(CancellationToken.None));

        /// <summary>Each file in a request of its own, syntax then semantics, as the IDE asks.</summary>
        private static async Task<string[]> FileByFileAsync(Compilation compilation)
        {
            var withAnalyzers = compilation.WithAnalyzers(Rules);
            var found = ImmutableArray.CreateBuilder<Diagnostic>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                found.AddRange(await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None));
                found.AddRange(await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None));
            }

            return Describe(found.ToImmutable());
        }

        private static string[] Describe(ImmutableArray<Diagnostic> diagnostics)
            => diagnostics
                .Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath}{d.Location.GetLineSpan().StartLinePosition} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
                .OrderBy(text => text, StringComparer.Ordinal)
                .ToArray();

        [Fact]
        public async Task Files_analyzed_one_by_one_find_what_the_whole_compilation_finds()
        {
            var compilation = Compile(Callers, "class Other { async System.Threading.Tasks.Task<int> M(System.Threading.Tasks.Task<int> t) => t.Result; }");
            var whole = await WholeAsync(compilation);
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));

            Assert.Equal(new[] { "AG0001", "AG0001", "AG0002", "AG0002", "AG0003", "AG0004", "AG0005" }, whole.Select(d => d.Split(' ')[0]).ToArray());
            Assert.Equal(whole, await FileByFileAsync(compilation));
        }

        [Fact]
        public async Task A_referenced_extension_counts_in_each_compilation_only_where_its_namespace_is_imported()
        {
            var call = Caller("Lib.Client client", "string", "client.Fetch(\"u\")");
            var importing = Compile("using Lib;\n" + call);
            var notImporting = importing.ReplaceSyntaxTree(importing.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText(call, path: "File0.cs"));
            var importingAgain = notImporting.ReplaceSyntaxTree(notImporting.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText("using Lib;\n" + call, path: "File0.cs"));

            Assert.Contains("ClientExtensions.FetchAsync", Assert.Single(await FileByFileAsync(importing)));
            Assert.Empty(await FileByFileAsync(notImporting));
            Assert.Empty(await WholeAsync(notImporting));
            Assert.Contains("ClientExtensions.FetchAsync", Assert.Single(await WholeAsync(importingAgain)));
        }

        [Fact]
        public async Task An_extension_the_project_declared_is_not_a_counterpart_once_it_is_deleted()
        {
            const string Extension = """
                namespace App
                {
                    public static class ReaderExtensions { public static System.Threading.Tasks.Task<int> ReadTwiceAsync(this Lib.Reader reader) => reader.ReadAsync(); }
                    public static class ReaderSync { public static int ReadTwice(this Lib.Reader reader) => reader.Read(); }
                }
                """;
            var withExtension = Compile(Extension, "using App;\n" + Caller("Lib.Reader reader", "int", "reader.ReadTwice()"));
            Assert.Contains("ReaderExtensions.ReadTwiceAsync", Assert.Single(await FileByFileAsync(withExtension)));

            var deleted = withExtension.ReplaceSyntaxTree(
                withExtension.SyntaxTrees.First(),
                CSharpSyntaxTree.ParseText("namespace App { public static class ReaderSync { public static int ReadTwice(this Lib.Reader reader) => reader.Read(); } }", path: "File0.cs"));
            Assert.Empty(await FileByFileAsync(deleted));
            Assert.Empty(await WholeAsync(deleted));
        }

        [Fact]
        public async Task A_compilation_without_task_types_is_analyzed_without_findings_or_analyzer_exceptions()
        {
            // No references at all: no Task, so the rules' state is never made and every callback returns at once.
            var compilation = CSharpCompilation.Create(
                "Bare",
                new[] { CSharpSyntaxTree.ParseText("class C { async void M() { M(); } void N() { System.Threading.Thread.Sleep(1); } }") },
                references: null,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var exceptions = new List<string>();

            Assert.Empty(await CaughtAnalysis.WithAnalyzers(compilation, Rules, exceptions).GetAnalyzerDiagnosticsAsync(CancellationToken.None));
            Assert.Empty(exceptions);
        }

        [Fact]
        public async Task A_metadata_type_whose_base_is_in_a_referenced_compilation_follows_that_compilations_edits()
        {
            // Derived comes from an image; its base from another project of the solution, referenced as a compilation: the
            // table of counterpart names kept for Derived must follow the base's edits, which add ReadAsync and remove it.
            static MetadataReference BaseProject(string members) => CSharpCompilation.Create(
                    "BaseProject",
                    new[] { CSharpSyntaxTree.ParseText("namespace B { public class Base { public int Read() => 0; " + members + " } }") },
                    Runtime,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
                .ToMetadataReference();

            var withoutAsync = BaseProject(string.Empty);
            var derived = Image(CSharpCompilation.Create(
                "Derived",
                new[] { CSharpSyntaxTree.ParseText("namespace D { public class Derived : B.Base { } }") },
                Runtime.Append(withoutAsync),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)));
            var caller = CSharpSyntaxTree.ParseText(Caller("D.Derived reader", "int", "reader.Read()"), path: "File0.cs");
            var first = CSharpCompilation.Create("App", new[] { caller }, Runtime.Append(withoutAsync).Append(derived), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var withAsync = BaseProject("public System.Threading.Tasks.Task<int> ReadAsync() => System.Threading.Tasks.Task.FromResult(0);");
            var added = first.ReplaceReference(withoutAsync, withAsync);
            var removed = added.ReplaceReference(withAsync, BaseProject(string.Empty));

            Assert.Empty(await FileByFileAsync(first));
            Assert.Contains("Base.ReadAsync", Assert.Single(await FileByFileAsync(added)));
            Assert.Contains("Base.ReadAsync", Assert.Single(await WholeAsync(added)));
            Assert.Empty(await FileByFileAsync(removed));
        }

        [Fact]
        public async Task A_member_counterpart_of_a_referenced_type_is_found_in_every_compilation()
        {
            var first = Compile(Caller("Lib.Reader reader", "int", "reader.Read()"));
            var edited = first.ReplaceSyntaxTree(first.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText(Caller("Lib.Reader reader", "int", "reader.Read() + 1"), path: "File0.cs"));

            Assert.Contains("Reader.ReadAsync", Assert.Single(await FileByFileAsync(first)));
            Assert.Contains("Reader.ReadAsync", Assert.Single(await FileByFileAsync(edited)));
            Assert.Contains("Reader.ReadAsync", Assert.Single(await WholeAsync(edited)));
        }
    }
}
