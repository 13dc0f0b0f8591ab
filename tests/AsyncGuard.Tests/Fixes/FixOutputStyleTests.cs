using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyAG0001 = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.BlockingTaskAnalyzer, AsyncGuard.CodeFixes.BlockingTaskCodeFix>;
using VerifyAG0002 = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;
using VerifyAG0003 = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.UnboundedFanOutAnalyzer, AsyncGuard.CodeFixes.UnboundedFanOutCodeFix>;
using VerifyAG0004 = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.UnguardedFanOutIoAnalyzer, AsyncGuard.CodeFixes.GuardFanOutIoCodeFix>;
using VerifyAG0005 = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncVoidAnalyzer, AsyncGuard.CodeFixes.AsyncVoidCodeFix>;

namespace AsyncGuard.Tests.Fixes
{
    /// <summary>
    /// Fix output reads like hand-written code: every type a fix writes is its simple name, with the using added where
    /// the file lacks it (no <c>System.X</c>, no <c>global::</c>, also in nested blocks and top-level statements); a
    /// trailing comment stays once, on its own line; the user's code inside a rewritten item keeps its layout.
    /// </summary>
    public class FixOutputStyleTests
    {
        [Fact]
        public Task AG0001_WaitAny_index_adds_using_System_for_Array()
            => VerifyAG0001.VerifyCodeFixAsync(
                """
                using System.Threading.Tasks;

                class C
                {
                    async Task<int> M(Task[] tasks)
                    {
                        await Task.Yield();
                        var first = {|AG0001:Task.WaitAny(tasks)|}; // the first to finish
                        return first;
                    }
                }
                """,
                """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    async Task<int> M(Task[] tasks)
                    {
                        await Task.Yield();
                        var first = Array.IndexOf(tasks, await Task.WhenAny(tasks)); // the first to finish
                        return first;
                    }
                }
                """);

        [Fact]
        public Task AG0002_static_replacement_adds_its_namespace()
            => VerifyAG0002.VerifyCodeFixAsync(
                """
                using System.Threading;

                class C
                {
                    async System.Threading.Tasks.Task M()
                    {
                        if (true)
                        {
                            {|AG0002:Thread.Sleep(100)|}; // wait a little
                        }

                        await System.Threading.Tasks.Task.Yield();
                    }
                }
                """,
                """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    async System.Threading.Tasks.Task M()
                    {
                        if (true)
                        {
                            await Task.Delay(100); // wait a little
                        }

                        await System.Threading.Tasks.Task.Yield();
                    }
                }
                """);

        [Fact]
        public Task AG0002_keeps_the_blank_line_and_comment_before_the_statement()
            => VerifyAG0002.VerifyCodeFixAsync(
                """
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(string path)
                    {
                        await Task.Yield();

                        // Write the marker.
                        {|AG0002:File.WriteAllText(path, "done")|};
                        var text = {|AG0002:File.ReadAllText(path)|}; // read it back

                        {|AG0002:Refresh(text)|};
                    }

                    void Refresh(string? text) { }

                    Task RefreshAsync(string? text) => Task.CompletedTask;
                }
                """,
                """
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(string path)
                    {
                        await Task.Yield();

                        // Write the marker.
                        await File.WriteAllTextAsync(path, "done");
                        var text = await File.ReadAllTextAsync(path); // read it back

                        await RefreshAsync(text);
                    }

                    void Refresh(string? text) { }

                    Task RefreshAsync(string? text) => Task.CompletedTask;
                }
                """);

        [Fact]
        public Task AG0002_keeps_the_blank_line_before_a_call_of_a_method_of_the_same_class()
            => VerifyAG0002.VerifyCodeFixAsync(
                """
                using System.Threading.Tasks;

                public class RequestOptions { }

                public class C
                {
                    public async Task StopStageAsync(RequestOptions? options = null)
                    {
                        await Task.Delay(1, default);

                        {|AG0002:Update(null)|};
                    }

                    internal void Update(object? model) { }

                    public Task UpdateAsync(object? model) => Task.CompletedTask;
                }
                """,
                """
                using System.Threading.Tasks;

                public class RequestOptions { }

                public class C
                {
                    public async Task StopStageAsync(RequestOptions? options = null)
                    {
                        await Task.Delay(1, default);

                        await UpdateAsync(null);
                    }

                    internal void Update(object? model) { }

                    public Task UpdateAsync(object? model) => Task.CompletedTask;
                }
                """);

        [Fact]
        public Task AG0003_throttle_in_a_nested_block_adds_using_System_Threading_and_keeps_the_comment_once()
            => VerifyAG0003.VerifyCodeFixAsync(
                """
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    static Task SaveAsync(string url) => Task.CompletedTask;

                    async Task M(string[] urls, bool save)
                    {
                        if (save)
                        {
                            await {|AG0003:Task.WhenAll(urls.Select(url => SaveAsync(url)))|}; // all of them
                        }
                    }
                }
                """,
                """
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    static Task SaveAsync(string url) => Task.CompletedTask;

                    async Task M(string[] urls, bool save)
                    {
                        if (save)
                        {
                            using var throttle = new SemaphoreSlim(8);
                            await Task.WhenAll(urls.Select(async url =>
                            {
                                await throttle.WaitAsync();
                                try
                                {
                                    await SaveAsync(url);
                                }
                                finally
                                {
                                    throttle.Release();
                                }
                            })); // all of them
                        }
                    }
                }
                """);

        [Fact]
        public Task AG0003_throttle_adds_no_using_that_would_make_a_name_of_the_file_ambiguous()
            => VerifyAG0003.VerifyCodeFixAsync(
                """
                using System.Linq;
                using System.Threading.Tasks;
                using System.Timers;

                class C
                {
                    private readonly Timer _timer = new Timer(1000);

                    static Task SaveAsync(string url) => Task.CompletedTask;

                    async Task M(string[] urls)
                    {
                        _timer.Start();
                        await {|AG0003:Task.WhenAll(urls.Select(url => SaveAsync(url)))|};
                    }
                }
                """,
                """
                using System.Linq;
                using System.Threading.Tasks;
                using System.Timers;

                class C
                {
                    private readonly Timer _timer = new Timer(1000);

                    static Task SaveAsync(string url) => Task.CompletedTask;

                    async Task M(string[] urls)
                    {
                        _timer.Start();
                        using var throttle = new System.Threading.SemaphoreSlim(8);
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            await throttle.WaitAsync();
                            try
                            {
                                await SaveAsync(url);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }));
                    }
                }
                """);

        [Fact]
        public Task AG0001_fix_in_a_file_without_usings_adds_the_using_and_a_blank_line()
            => VerifyAG0001.VerifyCodeFixAsync(
                """
                class C
                {
                    async System.Threading.Tasks.Task<int> M(System.Threading.Tasks.Task[] tasks)
                    {
                        await System.Threading.Tasks.Task.Yield();
                        return {|AG0001:System.Threading.Tasks.Task.WaitAny(tasks)|};
                    }
                }
                """,
                """
                using System;

                class C
                {
                    async System.Threading.Tasks.Task<int> M(System.Threading.Tasks.Task[] tasks)
                    {
                        await System.Threading.Tasks.Task.Yield();
                        return Array.IndexOf(tasks, await System.Threading.Tasks.Task.WhenAny(tasks));
                    }
                }
                """);

        [Fact]
        public Task AG0003_throttle_in_top_level_statements_uses_short_names()
            => VerifyAG0003.VerifyCodeFixAsync(
                """
                using System.Linq;
                using System.Threading.Tasks;

                var urls = new[] { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" }.Concat(args);
                await {|AG0003:Task.WhenAll(urls.Select(url => Task.Delay(url.Length)))|};

                """,
                """
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;

                var urls = new[] { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" }.Concat(args);
                using var throttle = new SemaphoreSlim(8);
                await Task.WhenAll(urls.Select(async url =>
                {
                    await throttle.WaitAsync();
                    try
                    {
                        await Task.Delay(url.Length);
                    }
                    finally
                    {
                        throttle.Release();
                    }
                }));

                """,
                OutputKind.ConsoleApplication);

        [Fact]
        public Task AG0003_item_keeps_the_users_layout_inside_the_throttle()
            => VerifyAG0003.VerifyCodeFixAsync(
                """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    static Task<string?> FetchAsync(string url) => Task.FromResult<string?>(url);

                    async Task<int[]> M(IEnumerable<string> urls)
                    {
                        return await {|AG0003:Task.WhenAll(urls.Select(async url =>
                        {
                            if (await FetchAsync(url) is { } page)
                            {
                                return page.Length;
                            }

                            return 0;
                        }))|};
                    }
                }
                """,
                """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    static Task<string?> FetchAsync(string url) => Task.FromResult<string?>(url);

                    async Task<int[]> M(IEnumerable<string> urls)
                    {
                        using var throttle = new SemaphoreSlim(8);
                        return await Task.WhenAll(urls.Select(async url =>
                        {
                            await throttle.WaitAsync();
                            try
                            {
                                if (await FetchAsync(url) is { } page)
                                {
                                    return page.Length;
                                }

                                return 0;
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }));
                    }
                }
                """);

        [Fact]
        public Task AG0004_guard_adds_the_usings_of_its_catch_and_keeps_the_users_layout()
            => VerifyAG0004.VerifyCodeFixAsync(
                """
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    private readonly System.Net.Http.HttpClient _http = new System.Net.Http.HttpClient();

                    async Task M(string[] urls)
                    {
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            if ({|AG0004:await _http.GetStringAsync(url)|} is { Length: > 0 } page) // only pages with content
                            {
                                await Task.Yield();
                            }
                        }));
                    }
                }
                """,
                """
                using System;
                using System.Diagnostics;
                using System.Linq;
                using System.Net.Http;
                using System.Threading.Tasks;

                class C
                {
                    private readonly System.Net.Http.HttpClient _http = new System.Net.Http.HttpClient();

                    async Task M(string[] urls)
                    {
                        await Task.WhenAll(urls.Select(async url =>
                        {
                            try
                            {
                                if (await _http.GetStringAsync(url) is { Length: > 0 } page) // only pages with content
                                {
                                    await Task.Yield();
                                }
                            }
                            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
                            {
                                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", url, exception);
                            }
                        }));
                    }
                }
                """);

        [Fact]
        public Task AG0005_Task_return_type_adds_using_System_Threading_Tasks()
            => VerifyAG0005.VerifyCodeFixAsync(
                """
                class C
                {
                    private async {|AG0005:void|} Refresh() // called by nobody yet
                    {
                        await System.Threading.Tasks.Task.Yield();
                    }
                }
                """,
                """
                using System.Threading.Tasks;

                class C
                {
                    private async Task Refresh() // called by nobody yet
                    {
                        await System.Threading.Tasks.Task.Yield();
                    }
                }
                """);

        [Fact]
        public Task AG0005_foreach_loop_keeps_the_users_layout()
            => VerifyAG0005.VerifyCodeFixAsync(
                """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    static Task<string?> FetchAsync(string url) => Task.FromResult<string?>(url);

                    async Task M(List<string> urls)
                    {
                        await Task.Yield();
                        urls.ForEach({|AG0005:async url =>|}
                        {
                            if (await FetchAsync(url) is { } page)
                            {
                                System.Console.WriteLine(page);
                            }
                        });
                    }
                }
                """,
                """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    static Task<string?> FetchAsync(string url) => Task.FromResult<string?>(url);

                    async Task M(List<string> urls)
                    {
                        await Task.Yield();
                        foreach (var url in urls)
                        {
                            if (await FetchAsync(url) is { } page)
                            {
                                System.Console.WriteLine(page);
                            }
                        }
                    }
                }
                """);
    }
}
