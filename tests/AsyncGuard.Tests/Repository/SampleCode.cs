using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AsyncGuard.Tests.Repository
{
    /// <summary>
    /// The repository's sample code as the compiler sees it when the samples build: the implicit usings of their SDKs,
    /// and the shared frameworks this process runs on as references (implementation assemblies; the samples are web apps).
    /// </summary>
    internal static class SampleCode
    {
        /// <summary>The implicit usings of the SDKs the samples build with.</summary>
        public const string ImplicitUsings = """
            global using System;
            global using System.Collections.Generic;
            global using System.IO;
            global using System.Linq;
            global using System.Net.Http;
            global using System.Net.Http.Json;
            global using System.Threading;
            global using System.Threading.Tasks;
            global using Microsoft.AspNetCore.Builder;
            global using Microsoft.AspNetCore.Http;
            global using Microsoft.AspNetCore.Routing;
            global using Microsoft.Extensions.DependencyInjection;
            global using Microsoft.Extensions.Hosting;
            global using Microsoft.Extensions.Logging;
            """;

        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new Lazy<ImmutableArray<MetadataReference>>(() =>
        {
            var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var aspNetCore = Path.Combine(runtime, "..", "..", "Microsoft.AspNetCore.App", Path.GetFileName(runtime));
            return Directory.GetFiles(runtime, "*.dll")
                .Concat(Directory.Exists(aspNetCore) ? Directory.GetFiles(aspNetCore, "*.dll") : Array.Empty<string>())
                .Where(IsManagedAssembly)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();
        });

        /// <summary>One set for every test: compilations that share reference objects share the symbols read from them.</summary>
        public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

        /// <summary>The C# files of a folder of the repository, in path order.</summary>
        public static string[] Files(string folder)
            => Directory.GetFiles(RepositoryLayout.PathOf(folder), "*.cs").OrderBy(path => path, StringComparer.Ordinal).ToArray();

        private static bool IsManagedAssembly(string path)
        {
            try
            {
                System.Reflection.AssemblyName.GetAssemblyName(path);
                return true;
            }
            catch (BadImageFormatException)
            {
                return false;
            }
        }
    }
}
