using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.UnguardedFanOutIoAnalyzer, AsyncGuard.CodeFixes.GuardFanOutIoCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    public class UnguardedFanOutIoTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\nusing System.Net.Http;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => "#nullable enable\n" + Usings + "class C\n{\n    private readonly HttpClient _http = new HttpClient();\n" + members + "\n}\n";

        /// <summary><see cref="Code"/> with the usings the fix adds, in their sorted places.</summary>
        private static string FixedCode(string[] addedUsings, string members)
        {
            var code = Code(members);
            foreach (var added in addedUsings)
            {
                var lines = code.Split('\n').ToList();
                var index = lines.FindIndex(line => line.StartsWith("using ", System.StringComparison.Ordinal) && string.CompareOrdinal(line.Substring("using ".Length).TrimEnd(';'), added) > 0);
                lines.Insert(index, "using " + added + ";");
                code = string.Join("\n", lines);
            }

            return code;
        }

        private static Task VerifyFix(string source, string fixedSource)
            => new Verify.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = "AsyncGuard.AG0004" }.RunAsync(CancellationToken.None);

        [Fact]
        public Task Item_without_a_result_is_skipped_and_logged_when_its_io_fails_guarded_once()
            => VerifyFix(
                Code("""
                    async Task M(string[] urls, CancellationToken ct)
                    {
                        // Store every page.
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            var body = {|AG0004:await _http.GetStringAsync(url, ct)|};
                            var head = {|AG0004:await _http.GetStringAsync(url + "/head", ct)|};
                            Console.WriteLine(body + head);
                        }));
                    }
                """),
                FixedCode(new[] { "System.Diagnostics" }, """
                    async Task M(string[] urls, CancellationToken ct)
                    {
                        // Store every page.
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            try
                            {
                                var body = await _http.GetStringAsync(url, ct);
                                var head = await _http.GetStringAsync(url + "/head", ct);
                                Console.WriteLine(body + head);
                            }
                            catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !ct.IsCancellationRequested))
                            {
                                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", url, exception);
                            }
                        }));
                    }
                """));

        [Fact]
        public Task Json_over_http_calls_are_guarded_against_http_failures_and_malformed_payloads_only()
            => VerifyFix(
                WithJson(Code("""
                    async Task M(string[] urls, int[] order, CancellationToken ct)
                    {
                        // Reads JSON from the response stream: a cut-short body and a malformed payload are this item's failures too.
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            var page = {|AG0004:await _http.GetFromJsonAsync<int[]>(url, ct)|};
                            Console.WriteLine(page?.Length);
                        }));
                        // Writes the caller's own value as JSON: only the HTTP failures.
                        await Task.WhenAll(urls.Select(async url => { {|AG0004:await _http.PostAsJsonAsync(url, order)|}; }));
                    }
                """)),
                WithJson(FixedCode(new[] { "System.Diagnostics", "System.Text.Json" }, """
                    async Task M(string[] urls, int[] order, CancellationToken ct)
                    {
                        // Reads JSON from the response stream: a cut-short body and a malformed payload are this item's failures too.
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            try
                            {
                                var page = await _http.GetFromJsonAsync<int[]>(url, ct);
                                Console.WriteLine(page?.Length);
                            }
                            catch (Exception exception) when (exception is IOException or HttpRequestException or JsonException || (exception is OperationCanceledException && !ct.IsCancellationRequested))
                            {
                                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", url, exception);
                            }
                        }));
                        // Writes the caller's own value as JSON: only the HTTP failures.
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            try
                            {
                                await _http.PostAsJsonAsync(url, order);
                            }
                            catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !ct.IsCancellationRequested))
                            {
                                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", url, exception);
                            }
                        }));
                    }
                """)));

        private static string WithJson(string code) => code.Replace("using System.Net.Http;\n", "using System.Net.Http;\nusing System.Net.Http.Json;\n");

        [Fact]
        public Task Http_timeout_is_a_failed_item_while_a_token_the_item_passes_still_cancels()
            => VerifyFix(
                Code("""
                    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

                    async Task M(string[] urls)
                    {
                        // No token anywhere: HttpClient's timeout (a TaskCanceledException) is the item's failure.
                        await Task.WhenAll(urls.Select(async url => { {|AG0004:await _http.GetStringAsync(url)|}; }));
                        // The item passes the service's stopping token: its cancellation still propagates; a per-item
                        // timeout the item makes itself is the item's failure.
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                            {|AG0004:await _http.GetStringAsync(url, timeout.Token)|};
                            {|AG0004:await _http.GetStringAsync(url, _stopping.Token)|};
                        }));
                    }
                """),
                FixedCode(new[] { "System.Diagnostics" }, """
                    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

                    async Task M(string[] urls)
                    {
                        // No token anywhere: HttpClient's timeout (a TaskCanceledException) is the item's failure.
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            try
                            {
                                await _http.GetStringAsync(url);
                            }
                            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
                            {
                                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", url, exception);
                            }
                        }));
                        // The item passes the service's stopping token: its cancellation still propagates; a per-item
                        // timeout the item makes itself is the item's failure.
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            try
                            {
                                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                                await _http.GetStringAsync(url, timeout.Token);
                                await _http.GetStringAsync(url, _stopping.Token);
                            }
                            catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !_stopping.Token.IsCancellationRequested))
                            {
                                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", url, exception);
                            }
                        }));
                    }
                """));

        [Fact]
        public Task Item_calling_a_method_that_does_the_io_is_guarded_at_the_item()
            => VerifyFix(
                Code("""
                    async Task SaveAsync(string url, CancellationToken ct)
                    {
                        var page = await _http.GetStringAsync(url, ct);
                        await File.WriteAllTextAsync(url.GetHashCode() + ".html", page, ct);
                    }

                    async Task M(string[] urls, CancellationToken ct)
                    {
                        await Task.WhenAll(urls.Select(async url => await {|AG0004:SaveAsync(url, ct)|}));
                    }
                """),
                FixedCode(new[] { "System.Diagnostics" }, """
                    async Task SaveAsync(string url, CancellationToken ct)
                    {
                        var page = await _http.GetStringAsync(url, ct);
                        await File.WriteAllTextAsync(url.GetHashCode() + ".html", page, ct);
                    }

                    async Task M(string[] urls, CancellationToken ct)
                    {
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            try
                            {
                                await SaveAsync(url, ct);
                            }
                            catch (Exception exception) when (exception is IOException or HttpRequestException || (exception is OperationCanceledException && !ct.IsCancellationRequested))
                            {
                                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", url, exception);
                            }
                        }));
                    }
                """));

        [Fact]
        public Task Older_language_versions_get_a_filter_without_or_patterns()
        {
            var test = new Verify.Test
            {
                TestCode = Code("""
                    async Task M(string[] urls)
                    {
                        await Task.WhenAll(urls.Select(async url => { {|AG0004:await _http.GetStringAsync(url)|}; }));
                    }
                """),
                FixedCode = FixedCode(new[] { "System.Diagnostics" }, """
                    async Task M(string[] urls)
                    {
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            try
                            {
                                await _http.GetStringAsync(url);
                            }
                            catch (Exception exception) when (exception is HttpRequestException || exception is OperationCanceledException)
                            {
                                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", url, exception);
                            }
                        }));
                    }
                """),
                CodeActionEquivalenceKey = "AsyncGuard.AG0004",
            };
            test.SolutionTransforms.Add((solution, projectId) =>
                solution.WithProjectParseOptions(projectId, ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!).WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8)));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Item_with_a_result_gets_no_fix()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<string[]> M(string[] urls)
                    {
                        var a = await Task.WhenAll(urls.Select(url => {|AG0004:_http.GetStringAsync(url)|}));
                        return await Task.WhenAll(a.Select(async url => {|AG0004:await _http.GetStringAsync(url)|}));
                    }
                """),
                Code("""
                    async Task<string[]> M(string[] urls)
                    {
                        var a = await Task.WhenAll(urls.Select(url => {|AG0004:_http.GetStringAsync(url)|}));
                        return await Task.WhenAll(a.Select(async url => {|AG0004:await _http.GetStringAsync(url)|}));
                    }
                """));

        [Fact]
        public Task Parallel_ForEachAsync_body_catches_the_file_failures_with_the_loops_token()
            => VerifyFix(
                Code("""
                    async Task M(string[] paths, CancellationToken ct)
                    {
                        await Parallel.ForEachAsync(paths, ct, async (path, token) =>
                            {|AG0004:await File.WriteAllTextAsync(path, "x", token)|});
                    }
                """),
                FixedCode(new[] { "System.Diagnostics" }, """
                    async Task M(string[] paths, CancellationToken ct)
                    {
                        await Parallel.ForEachAsync(paths, ct, async (path, token) =>
                        {
                            try
                            {
                                await File.WriteAllTextAsync(path, "x", token);
                            }
                            catch (Exception exception) when (exception is IOException)
                            {
                                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", path, exception);
                            }
                        });
                    }
                """));

        [Fact]
        public Task Method_group_and_called_method_are_followed_one_level()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<string> FetchAsync(string url) => await _http.GetStringAsync(url);
                async Task<string> SafeAsync(string url)
                {
                    try { return await _http.GetStringAsync(url); }
                    catch (HttpRequestException) { return ""; }
                }

                async Task M(string[] urls)
                {
                    await Task.WhenAll(urls.Select({|AG0004:FetchAsync|}));
                    await Task.WhenAll(urls.Select(async u => await {|AG0004:FetchAsync(u)|}));
                    await Task.WhenAll(urls.Select(SafeAsync));
                    var tasks = new List<Task<string>>();
                    foreach (var u in urls)
                    {
                        tasks.Add({|AG0004:FetchAsync(u)|});
                    }
                    await Task.WhenAll(tasks);
                }
            """));

        [Fact]
        public Task Guarded_awaits_are_not_flagged_but_finally_or_rethrow_do_not_guard()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task M(string[] urls)
                {
                    await Task.WhenAll(urls.Select(async u =>
                    {
                        try { await _http.GetStringAsync(u); } catch (HttpRequestException) { }
                        try { await _http.GetStringAsync(u); } catch (Exception e) when (e is not OutOfMemoryException) { }
                        try { await _http.GetStringAsync(u); } catch { }
                        try { {|AG0004:await _http.GetStringAsync(u)|}; } catch (TimeoutException) { }
                        try { {|AG0004:await _http.GetStringAsync(u)|}; } finally { }
                        try { {|AG0004:await _http.GetStringAsync(u)|}; } catch (HttpRequestException) { throw; }
                        try { {|AG0004:await _http.GetStringAsync(u)|}; } catch (ArgumentException) { }
                    }));
                }
            """));

        [Fact]
        public Task Outside_fan_outs_and_non_io_awaits_are_not_flagged_by_default()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task M(string[] urls)
                {
                    var one = await _http.GetStringAsync(urls[0]);
                    foreach (var u in urls)
                    {
                        await _http.GetStringAsync(u);
                    }
                    await Task.WhenAll(urls.Select(async u => { await Task.Delay(1); return u.Length; }));
                }
            """));

        [Fact]
        public async Task Scope_option_widens_to_loops()
        {
            var source = Code("""
                    async Task M(string[] urls)
                    {
                        var one = await _http.GetStringAsync(urls[0]);
                        foreach (var u in urls)
                        {
                            {|AG0004:await _http.GetStringAsync(u)|};
                        }
                    }
                """);
            var test = new Verify.Test { TestCode = source };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0004.scope = loops\n"));

            // No fix outside a fan-out: skipping the rest of a method on failure would change what its caller sees.
            test.FixedCode = source;
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Scope_option_everywhere_reports_any_unguarded_io_await_in_async_code()
        {
            var source = Code("""
                    async Task<string> M(string url)
                    {
                        try { await _http.GetStringAsync(url); } catch (HttpRequestException) { }
                        return {|AG0004:await _http.GetStringAsync(url)|};
                    }
                """);
            var test = new Verify.Test { TestCode = source };
            test.FixedCode = source;
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0004.scope = everywhere\n"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Configured_types_count_as_external_io()
        {
            var test = new Verify.Test
            {
                TestCode = Code("""
                    async Task M(Vendor.Client client, string[] ids)
                    {
                        await Task.WhenAll(ids.Select(async id => { {|AG0004:await client.LoadAsync(id)|}; }));
                    }
                """) + "namespace Vendor { public class Client { public Task<int> LoadAsync(string id) => Task.FromResult(1); } }\n",
                CodeActionEquivalenceKey = "AsyncGuard.AG0004",
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0004.external_io_types = Vendor.Client\n"));
            test.FixedCode = FixedCode(new[] { "System.Data.Common", "System.Diagnostics", "System.Net.Sockets" }, """
                    async Task M(Vendor.Client client, string[] ids)
                    {
                        await Task.WhenAll(ids.Select(async id =>
                        {
                            try
                            {
                                await client.LoadAsync(id);
                            }
                            catch (Exception exception) when (exception is DbException or IOException or HttpRequestException or SocketException or OperationCanceledException or TimeoutException)
                            {
                                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", id, exception);
                            }
                        }));
                    }
                """) + "namespace Vendor { public class Client { public Task<int> LoadAsync(string id) => Task.FromResult(1); } }\n";
            await test.RunAsync(CancellationToken.None);
        }

        private const string FakeLogging = """
            namespace Microsoft.Extensions.Logging
            {
                public interface ILogger { }
                public interface ILogger<out T> : ILogger { }
                public static class LoggerExtensions { public static void LogWarning(this ILogger logger, System.Exception? exception, string? message, params object?[] args) { } }
            }
            """;

        [Theory]
        [InlineData("private readonly ILogger<Crawler> _log = null!;", "Crawler", "_log")]
        [InlineData("private ILogger Log { get; } = null!;", "Crawler", "Log")]
        [InlineData("", "Crawler(ILogger<Crawler> logger)", "logger")]
        public Task Failure_is_logged_through_the_ILogger_in_scope_naming_the_item(string member, string declaration, string logger)
            => VerifyFix(
                "#nullable enable\n" + Usings + "using Microsoft.Extensions.Logging;\n" + $$"""
                class {{declaration}}
                {
                    private readonly HttpClient _http = new HttpClient();
                    {{member}}

                    async Task M(string[] urls)
                    {
                        await Task.WhenAll(urls.Select(async u => { {|AG0004:await _http.GetStringAsync(u)|}; }));
                    }
                }
                """ + "\n" + FakeLogging,
                "#nullable enable\n" + Usings + "using Microsoft.Extensions.Logging;\n" + $$"""
                class {{declaration}}
                {
                    private readonly HttpClient _http = new HttpClient();
                    {{member}}

                    async Task M(string[] urls)
                    {
                        await Task.WhenAll(urls.Select(async u =>
                        {
                            try
                            {
                                await _http.GetStringAsync(u);
                            }
                            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
                            {
                                {{logger}}.LogWarning(exception, "Fan-out item {Item} failed with an IO error; it is skipped", u);
                            }
                        }));
                    }
                }
                """ + "\n" + FakeLogging);

        [Fact]
        public Task Logging_using_is_added_and_a_parameter_logger_is_preferred()
            => VerifyFix(
                "#nullable enable\n" + Usings + """
                class Crawler
                {
                    private readonly HttpClient _http = new HttpClient();
                    private readonly Microsoft.Extensions.Logging.ILogger _field = null!;

                    async Task M(string[] urls, Microsoft.Extensions.Logging.ILogger log)
                    {
                        await Task.WhenAll(urls.Select(async u => { {|AG0004:await _http.GetStringAsync(u)|}; }));
                    }
                }
                """ + "\n" + FakeLogging,
                "#nullable enable\n" + Usings + "using Microsoft.Extensions.Logging;\n" + """
                class Crawler
                {
                    private readonly HttpClient _http = new HttpClient();
                    private readonly Microsoft.Extensions.Logging.ILogger _field = null!;

                    async Task M(string[] urls, Microsoft.Extensions.Logging.ILogger log)
                    {
                        await Task.WhenAll(urls.Select(async u =>
                        {
                            try
                            {
                                await _http.GetStringAsync(u);
                            }
                            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
                            {
                                log.LogWarning(exception, "Fan-out item {Item} failed with an IO error; it is skipped", u);
                            }
                        }));
                    }
                }
                """ + "\n" + FakeLogging);

        [Fact]
        public Task Half_typed_code_does_not_throw()
            => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
                async Task M(string[] urls)
                {
                    await Task.WhenAll(urls.Select(async u => await _http.GetStringAsync(
                    try { await _http.
                }
            """));
    }
}
