using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>
    /// AG0002 looks for extension counterparts only in the classes a file can call extension methods of; every way an
    /// extension class comes into scope must still be seen, and one out of scope must not be.
    /// </summary>
    public class AsyncCounterpartExtensionScopeTests
    {
        private const string Library = """
            using System.Threading.Tasks;
            namespace Lib
            {
                public class Client { public string Fetch(string url) => url; }
                public static class ClientExtensions { public static Task<string> FetchAsync(this Client client, string url) => Task.FromResult(url); }
            }
            """;

        private static string Caller(string header, string call) => header + "\n" + $$"""
            class Caller
            {
                async Task<string> M(Lib.Client client)
                {
                    await Task.Yield();
                    return {{call}};
                }
            }
            """;

        private static Task VerifyAsync(params string[] sources) => NewTest(sources).RunAsync();

        private static Verify.Test NewTest(params string[] sources)
        {
            var test = new Verify.Test();
            foreach (var source in sources)
            {
                test.TestState.Sources.Add(source);
            }

            return test;
        }

        [Fact]
        public Task Extension_imported_by_a_using_directive()
            => VerifyAsync(Library, Caller("using System.Threading.Tasks;\nusing Lib;", "{|AG0002:client.Fetch(\"u\")|}"));

        [Fact]
        public Task Extension_in_a_namespace_not_imported_is_not_a_counterpart()
            => VerifyAsync(Library, Caller("using System.Threading.Tasks;", "client.Fetch(\"u\")"));

        [Fact]
        public Task Extension_imported_by_a_global_using_in_another_file()
            => VerifyAsync(Library, "global using Lib;", Caller("using System.Threading.Tasks;", "{|AG0002:client.Fetch(\"u\")|}"));

        [Fact]
        public Task Extension_imported_by_using_static()
            => VerifyAsync(Library, Caller("using System.Threading.Tasks;\nusing static Lib.ClientExtensions;", "{|AG0002:client.Fetch(\"u\")|}"));

        [Fact]
        public Task Extension_imported_inside_a_namespace_block()
            => VerifyAsync(Library, "using System.Threading.Tasks;\nnamespace App\n{\nusing Lib;\n" + Caller(string.Empty, "{|AG0002:client.Fetch(\"u\")|}") + "\n}");

        [Fact]
        public Task Extension_imported_by_a_name_relative_to_the_enclosing_namespace()
            => VerifyAsync(
                Library.Replace("public static class ClientExtensions", "static class Unused").Replace("FetchAsync", "OtherAsync"),
                """
                using System.Threading.Tasks;
                namespace Lib.Extensions { public static class ClientExtensions { public static Task<string> FetchAsync(this Lib.Client client, string url) => Task.FromResult(url); } }
                """,
                "using System.Threading.Tasks;\nnamespace Lib.App\n{\nusing Extensions;\n" + Caller(string.Empty, "{|AG0002:client.Fetch(\"u\")|}") + "\n}");

        [Fact]
        public Task Extension_imported_by_a_global_qualified_using_directive()
            => VerifyAsync(Library, Caller("using System.Threading.Tasks;\nusing global::Lib;", "{|AG0002:client.Fetch(\"u\")|}"));

        [Fact]
        public Task Extension_behind_an_alias_is_not_a_counterpart()
            => VerifyAsync(Library, Caller("using System.Threading.Tasks;\nusing L = Lib;", "client.Fetch(\"u\")"));

        [Fact]
        public Task Half_typed_using_directives_do_not_throw_and_the_call_is_still_judged()
        {
            // `using static ;`, `using ;` and `namespace ;` name nothing: the file's imports are bound instead of read by name.
            var test = NewTest(Library, Caller("using System.Threading.Tasks;\nusing Lib;\nusing static ;\nusing ;", "{|AG0002:client.Fetch(\"u\")|}"));
            test.CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Extension_in_an_enclosing_namespace()
            => VerifyAsync(
                Library.Replace("public static class ClientExtensions", "static class Unused").Replace("FetchAsync", "OtherAsync"),
                """
                using System.Threading.Tasks;
                namespace Outer { public static class ClientExtensions { public static Task<string> FetchAsync(this Lib.Client client, string url) => Task.FromResult(url); } }
                """,
                Caller("using System.Threading.Tasks;\nnamespace Outer.Inner;", "{|AG0002:client.Fetch(\"u\")|}"));
    }
}
