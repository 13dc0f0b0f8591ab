using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.UnguardedFanOutIoAnalyzer, AsyncGuard.CodeFixes.GuardFanOutIoCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>AG0004 on extension methods: the IO is decided by the extended receiver (<c>http.GetFromJsonAsync</c>).</summary>
    public class ExtensionMethodIoTests
    {
        private const string Header = "#nullable enable\nusing System.Linq;\nusing System.Net.Http;\nusing System.Net.Http.Json;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        [Fact]
        public Task Extension_call_on_an_http_client_in_a_fan_out_is_reported()
            => Verify.VerifyAnalyzerAsync(Header + """
                record Page(int Number);

                class C
                {
                    async Task<Page?[]> M(HttpClient http, string[] urls, CancellationToken ct)
                    {
                        return await Task.WhenAll(urls.Select(async url => {|AG0004:await http.GetFromJsonAsync<Page>(url, ct)|}));
                    }
                }
                """);

        [Fact]
        public Task Extension_call_on_a_type_that_is_not_io_is_not_reported()
            => Verify.VerifyAnalyzerAsync(Header + """
                static class Pages
                {
                    public static Task<int> CountAsync(this string url, CancellationToken ct) => Task.FromResult(url.Length);
                }

                class C
                {
                    async Task<int[]> M(string[] urls, CancellationToken ct)
                    {
                        return await Task.WhenAll(urls.Select(async url => await url.CountAsync(ct)));
                    }
                }
                """);
    }
}
