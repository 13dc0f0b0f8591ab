using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.UnboundedFanOutAnalyzer, AsyncGuard.CodeFixes.UnboundedFanOutCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>AG0003: sources whose size is fixed in the code are bounded; the same shapes over open-ended data are not.</summary>
    public class FanOutBoundsTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\n";

        [Fact]
        public Task Chunks_static_readonly_arrays_and_enum_values_are_bounded()
            => Verify.VerifyAnalyzerAsync(Usings + """
                enum Region { North, South, East, West }

                class C
                {
                    private static readonly string[] Mirrors = { "a", "b", "c" };
                    private static readonly string[] Shards = ["s1", "s2"];

                    static Task<string> FetchAsync(string id) => Task.FromResult(id);

                    async Task M(string[] ids)
                    {
                        foreach (var chunk in ids.Chunk(5))
                        {
                            await Task.WhenAll(chunk.Select(FetchAsync));
                        }

                        await Task.WhenAll(Mirrors.Select(FetchAsync));
                        await Task.WhenAll(Shards.Select(FetchAsync));
                        await Task.WhenAll(Enum.GetValues<Region>().Select(r => FetchAsync(r.ToString())));
                    }
                }
                """);

        [Fact]
        public Task Large_chunks_mutable_fields_and_plain_parameters_are_not_bounded()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    private static string[] Mirrors = { "a", "b", "c" };

                    static Task<string> FetchAsync(string id) => Task.FromResult(id);

                    async Task M(string[] ids)
                    {
                        foreach (var chunk in ids.Chunk(500))
                        {
                            await [|Task.WhenAll(chunk.Select(FetchAsync))|];
                        }

                        await [|Task.WhenAll(Mirrors.Select(FetchAsync))|];
                        await [|Task.WhenAll(ids.Select(FetchAsync))|];
                    }
                }
                """);
    }
}
