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

        private static Task VerifyFix(string source, string fixedSource, string key)
            => new Verify.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = key, CodeActionIndex = key.EndsWith("TryCatch") ? 1 : 0 }.RunAsync(CancellationToken.None);

        private const string Wrapper = """


                /// <summary>
                /// Awaits one IO operation of a fan-out; an IO failure (or a timeout) is logged and yields the default
                /// instead of failing the whole batch. Cancellation requested through <paramref name="cancellationToken"/> still propagates.
                /// </summary>
                private static async Task<T?> SafeFetchAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken = default)
                {
                    try
                    {
                        return await operation().ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is HttpRequestException || exception is IOException || exception is System.Data.Common.DbException || exception is System.Net.Sockets.SocketException || exception is TimeoutException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                    {
                        System.Diagnostics.Trace.TraceWarning("An IO call of a fan-out item failed; the item is skipped: " + exception.Message);
                        return default;
                    }
                }
            """;

        [Fact]
        public Task Awaited_http_call_in_a_select_lambda_goes_through_the_wrapper_once()
            => VerifyFix(
                Code("""
                    async Task<string?[]> M(string[] urls, CancellationToken ct)
                    {
                        return await Task.WhenAll(urls.Select(async url =>
                        {
                            var body = {|AG0004:await _http.GetStringAsync(url, ct)|};
                            var head = {|AG0004:await _http.GetStringAsync(url + "/head", ct)|};
                            return body + head;
                        }));
                    }
                """),
                Code("""
                    async Task<string?[]> M(string[] urls, CancellationToken ct)
                    {
                        return await Task.WhenAll(urls.Select(async url =>
                        {
                            var body = await SafeFetchAsync(() => _http.GetStringAsync(url, ct), ct);
                            var head = await SafeFetchAsync(() => _http.GetStringAsync(url + "/head", ct), ct);
                            return body + head;
                        }));
                    }
                """ + Wrapper),
                "GuardFanOutIoCodeFix.Wrapper");

        [Fact]
        public Task Item_task_that_is_the_io_itself_is_wrapped()
            => VerifyFix(
                Code("""
                    async Task<string?[]> M(string[] urls)
                    {
                        return await Task.WhenAll(urls.Select(url => {|AG0004:_http.GetStringAsync(url)|}));
                    }
                """),
                Code("""
                    async Task<string?[]> M(string[] urls)
                    {
                        return await Task.WhenAll(urls.Select(url => SafeFetchAsync(() => _http.GetStringAsync(url))));
                    }
                """ + Wrapper),
                "GuardFanOutIoCodeFix.Wrapper");

        [Fact]
        public Task Statement_await_can_get_an_inline_try_catch()
            => VerifyFix(
                Code("""
                    async Task M(string[] paths, CancellationToken ct)
                    {
                        await Parallel.ForEachAsync(paths, ct, async (path, token) =>
                        {
                            {|AG0004:await File.WriteAllTextAsync(path, "x", token)|};
                        });
                    }
                """),
                Code("""
                    async Task M(string[] paths, CancellationToken ct)
                    {
                        await Parallel.ForEachAsync(paths, ct, async (path, token) =>
                        {
                            try
                            {
                                await File.WriteAllTextAsync(path, "x", token);
                            }
                            catch (Exception exception) when (exception is HttpRequestException || exception is IOException || exception is System.Data.Common.DbException || exception is System.Net.Sockets.SocketException || exception is TimeoutException || (exception is OperationCanceledException && !token.IsCancellationRequested))
                            {
                                System.Diagnostics.Trace.TraceWarning("An IO call of a fan-out item failed; the item is skipped: " + exception.Message);
                            }
                        });
                    }
                """),
                "GuardFanOutIoCodeFix.TryCatch");

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
                        try { await _http.GetStringAsync(u); } catch (TimeoutException) { }
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
            var test = new Verify.Test
            {
                TestCode = Code("""
                    async Task M(string[] urls)
                    {
                        var one = await _http.GetStringAsync(urls[0]);
                        foreach (var u in urls)
                        {
                            {|AG0004:await _http.GetStringAsync(u)|};
                        }
                    }
                """),
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0004.scope = loops\n"));
            test.FixedCode = Code("""
                    async Task M(string[] urls)
                    {
                        var one = await _http.GetStringAsync(urls[0]);
                        foreach (var u in urls)
                        {
                            await SafeFetchAsync(() => _http.GetStringAsync(u));
                        }
                    }
                """ + Wrapper);
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Scope_option_everywhere_reports_any_unguarded_io_await_in_async_code()
        {
            var test = new Verify.Test
            {
                TestCode = Code("""
                    async Task<string> M(string url)
                    {
                        try { await _http.GetStringAsync(url); } catch (HttpRequestException) { }
                        return {|AG0004:await _http.GetStringAsync(url)|};
                    }
                """),
                FixedCode = Code("""
                    async Task<string> M(string url)
                    {
                        try { await _http.GetStringAsync(url); } catch (HttpRequestException) { }
                        return await SafeFetchAsync(() => _http.GetStringAsync(url));
                    }
                """ + Wrapper),
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0004.scope = everywhere\n"));

            // The fixed code compiles; its nullable warning (a missing item yields null) is the point of `T?`.
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
                        await Task.WhenAll(ids.Select(async id => {|AG0004:await client.LoadAsync(id)|}));
                    }
                """) + "namespace Vendor { public class Client { public Task<int> LoadAsync(string id) => Task.FromResult(1); } }\n",
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0004.external_io_types = Vendor.Client\n"));
            test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
            test.FixedCode = Code("""
                    async Task M(Vendor.Client client, string[] ids)
                    {
                        await Task.WhenAll(ids.Select(async id => await SafeFetchAsync(() => client.LoadAsync(id))));
                    }
                """ + Wrapper) + "namespace Vendor { public class Client { public Task<int> LoadAsync(string id) => Task.FromResult(1); } }\n";
            await test.RunAsync(CancellationToken.None);
        }

        private const string FakeLogging = """
            namespace Microsoft.Extensions.Logging
            {
                public interface ILogger { }
                public static class LoggerExtensions { public static void LogWarning(this ILogger logger, System.Exception exception, string message) { } }
            }
            """;

        [Fact]
        public Task Wrapper_logs_through_the_types_ILogger_field()
            => VerifyFix(
                "#nullable enable\n" + Usings + """
                class Crawler
                {
                    private readonly HttpClient _http = new HttpClient();
                    private readonly Microsoft.Extensions.Logging.ILogger _log = null!;

                    async Task M(string[] urls)
                    {
                        await Task.WhenAll(urls.Select(async u => {|AG0004:await _http.GetStringAsync(u)|}));
                    }
                }
                """ + "\n" + FakeLogging,
                "#nullable enable\n" + Usings + """
                class Crawler
                {
                    private readonly HttpClient _http = new HttpClient();
                    private readonly Microsoft.Extensions.Logging.ILogger _log = null!;

                    async Task M(string[] urls)
                    {
                        await Task.WhenAll(urls.Select(async u => await SafeFetchAsync(() => _http.GetStringAsync(u))));
                    }

                    /// <summary>
                    /// Awaits one IO operation of a fan-out; an IO failure (or a timeout) is logged and yields the default
                    /// instead of failing the whole batch. Cancellation requested through <paramref name="cancellationToken"/> still propagates.
                    /// </summary>
                    private async Task<T?> SafeFetchAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken = default)
                    {
                        try
                        {
                            return await operation().ConfigureAwait(false);
                        }
                        catch (Exception exception) when (exception is HttpRequestException || exception is IOException || exception is System.Data.Common.DbException || exception is System.Net.Sockets.SocketException || exception is TimeoutException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                        {
                            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(_log, exception, "An IO call of a fan-out item failed; the item is skipped");
                            return default;
                        }
                    }
                }
                """ + "\n" + FakeLogging,
                "GuardFanOutIoCodeFix.Wrapper");

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
