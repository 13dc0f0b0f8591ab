using System;
using System.IO;
using System.Linq;
using AsyncGuard.Concepts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>The provider resolves a type defined twice (a polyfill next to the real one) to the one user code binds to.</summary>
    public class WellKnownSymbolsTests
    {
        private static readonly MetadataReference[] Runtime = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Threading.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();

        private static CSharpCompilation Compile(string name, string source, params MetadataReference[] references)
            => CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(source) }, Runtime.Concat(references), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        [Fact]
        public void A_type_the_project_defines_again_resolves_to_the_projects_own()
        {
            var compilation = Compile("App", "namespace System.Threading { public class SemaphoreSlim { } }");
            var types = WellKnownSymbols.For(compilation);
            Assert.NotNull(types);
            Assert.NotNull(types!.SemaphoreSlim);
            Assert.Equal(compilation.Assembly, types.SemaphoreSlim!.ContainingAssembly);
        }

        [Fact]
        public void A_type_defined_internally_in_two_references_resolves_to_the_one_the_project_can_see()
        {
            var hidden = Compile("Hidden", "namespace Vendor { internal class Client { } }").ToMetadataReference();
            var visible = Compile("Visible", "namespace Vendor { public class Client { } }").ToMetadataReference();
            var compilation = Compile("App", "class C { }", hidden, visible);
            var client = WellKnownSymbols.For(compilation)!.Resolve("Vendor.Client");
            Assert.NotNull(client);
            Assert.Equal("Visible", client!.ContainingAssembly.Name);
        }

        [Fact]
        public void A_type_defined_publicly_in_two_references_is_ambiguous_and_not_guessed()
        {
            var first = Compile("First", "namespace Vendor { public class Client { } }").ToMetadataReference();
            var second = Compile("Second", "namespace Vendor { public class Client { } }").ToMetadataReference();
            var compilation = Compile("App", "class C { }", first, second);
            Assert.Null(WellKnownSymbols.For(compilation)!.Resolve("Vendor.Client"));
        }
    }
}
