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

        [Theory]
        [InlineData("namespace System.Threading.Tasks { public class Task<T> { } }", "System.Threading.Tasks.Task`1")]
        [InlineData("namespace Vendor { public class Outer { public class Inner { } } }", "Vendor.Outer+Inner")]
        [InlineData("namespace Vendor { public class Outer<T> { public class Inner<U> { } } }", "Vendor.Outer`1+Inner`1")]
        [InlineData("public class Global<T> { }", "Global`1")]
        public void A_generic_nested_or_global_type_of_the_projects_own_is_found_and_not_shared(string source, string metadataName)
        {
            var compilation = Compile("App", source);
            var type = WellKnownSymbols.For(compilation)!.Resolve(metadataName);
            Assert.NotNull(type);
            Assert.Equal(compilation.Assembly, type!.ContainingAssembly);

            // What the references resolve a name to is shared with the next compilation of the same project; the project's
            // own type must not be: without its definition, the name is not the earlier compilation's type.
            var edited = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(CSharpSyntaxTree.ParseText("class C { }"));
            var afterEdit = WellKnownSymbols.For(edited)!.Resolve(metadataName);
            Assert.NotEqual(compilation.Assembly, afterEdit?.ContainingAssembly);
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
