using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.UnboundedFanOutAnalyzer, AsyncGuard.CodeFixes.UnboundedFanOutCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    public class UnboundedFanOutTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Net.Http;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private const string Helpers = """
                static Task<string> FetchAsync(string url) => Task.FromResult(url);
                static Task SaveAsync(string url) => Task.CompletedTask;
            """;

        private static string Code(string members) => Usings + "class C\n{\n" + Helpers + "\n" + members + "\n}\n";

        private static async Task VerifyFix(string source, string fixedSource, int codeActionIndex = 0, string? equivalenceKey = null)
        {
            var test = new Verify.Test
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionIndex = codeActionIndex,
                CodeActionEquivalenceKey = equivalenceKey,
            };
            await test.RunAsync(CancellationToken.None);
        }

        // ---- Fix 1: a SemaphoreSlim throttle ----

        [Fact]
        public Task Sync_lambda_select_becomes_throttled_async_lambda()
            => VerifyFix(
                Code("""
                    async Task<string[]> M(IEnumerable<string> urls, CancellationToken ct)
                    {
                        return await {|AG0003:Task.WhenAll(urls.Select(url => FetchAsync(url)))|};
                    }
                """),
                Code("""
                    async Task<string[]> M(IEnumerable<string> urls, CancellationToken ct)
                    {
                        using var throttle = new SemaphoreSlim(8);
                        return await Task.WhenAll(urls.Select(async url =>
                        {
                            await throttle.WaitAsync(ct);
                            try
                            {
                                return await FetchAsync(url);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }));
                    }
                """));

        [Fact]
        public Task WhenAll_awaited_through_ConfigureAwait_or_returned_is_throttled()
            => VerifyFix(
                Code("""
                    async Task<string[]> M(IEnumerable<string> urls)
                    {
                        return await {|AG0003:Task.WhenAll(urls.Select(url => FetchAsync(url)))|}.ConfigureAwait(false);
                    }

                    Task N(IEnumerable<string> urls)
                    {
                        return {|AG0003:Task.WhenAll(urls.Select(SaveAsync))|};
                    }
                """),
                Code("""
                    async Task<string[]> M(IEnumerable<string> urls)
                    {
                        using var throttle = new SemaphoreSlim(8);
                        return await Task.WhenAll(urls.Select(async url =>
                        {
                            await throttle.WaitAsync().ConfigureAwait(false);
                            try
                            {
                                return await FetchAsync(url).ConfigureAwait(false);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        })).ConfigureAwait(false);
                    }

                    Task N(IEnumerable<string> urls)
                    {
                        var throttle = new SemaphoreSlim(8);
                        return Task.WhenAll(urls.Select(async url =>
                        {
                            await throttle.WaitAsync().ConfigureAwait(false);
                            try
                            {
                                await SaveAsync(url).ConfigureAwait(false);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }));
                    }
                """));

        [Fact]
        public Task Fan_out_joined_by_WaitAll_in_async_code_is_throttled_like_the_WhenAll_AG0001_makes_of_it()
            => VerifyFix(
                Code("""
                    async Task M(IEnumerable<string> urls)
                    {
                        var saves = urls.Select(url => SaveAsync(url)).ToArray();
                        {|AG0003:Task.WaitAll(saves)|};
                        await Task.Yield();
                    }
                """),
                Code("""
                    async Task M(IEnumerable<string> urls)
                    {
                        using var throttle = new SemaphoreSlim(8);
                        var saves = urls.Select(async url =>
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
                        }).ToArray();
                        Task.WaitAll(saves);
                        await Task.Yield();
                    }
                """));

        [Fact]
        public Task Method_group_through_a_local_and_ToList_is_throttled()
            => VerifyFix(
                Code("""
                    async Task<int> M(List<string> urls)
                    {
                        var tasks = urls.Select(FetchAsync).ToList();
                        var pages = await {|AG0003:Task.WhenAll(tasks)|};
                        return pages.Length;
                    }
                """),
                Code("""
                    async Task<int> M(List<string> urls)
                    {
                        using var throttle = new SemaphoreSlim(8);
                        var tasks = urls.Select(async url =>
                        {
                            await throttle.WaitAsync();
                            try
                            {
                                return await FetchAsync(url);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }).ToList();
                        var pages = await Task.WhenAll(tasks);
                        return pages.Length;
                    }
                """));

        [Fact]
        public Task Async_block_lambda_keeps_its_body_inside_the_throttle()
            => VerifyFix(
                Code("""
                    async Task M(string[] urls, CancellationToken token)
                    {
                        await {|AG0003:Task.WhenAll(urls.Select(async u =>
                        {
                            var page = await FetchAsync(u);
                            await SaveAsync(page);
                        }))|};
                    }
                """),
                Code("""
                    async Task M(string[] urls, CancellationToken token)
                    {
                        using var throttle = new SemaphoreSlim(8);
                        await Task.WhenAll(urls.Select(async u =>
                        {
                            await throttle.WaitAsync(token);
                            try
                            {
                                var page = await FetchAsync(u);
                                await SaveAsync(page);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }));
                    }
                """));

        [Fact]
        public Task Task_Run_items_and_sync_block_lambdas_are_throttled()
            => VerifyFix(
                Code("""
                    async Task<int[]> M(IEnumerable<int> ids)
                    {
                        return await {|AG0003:Task.WhenAll(ids.Select(id =>
                        {
                            var next = id + 1;
                            return Task.Run(() => next * 2);
                        }))|};
                    }
                """),
                Code("""
                    async Task<int[]> M(IEnumerable<int> ids)
                    {
                        using var throttle = new SemaphoreSlim(8);
                        return await Task.WhenAll(ids.Select(async id =>
                        {
                            await throttle.WaitAsync();
                            try
                            {
                                var next = id + 1;
                                return await Task.Run(() => next * 2);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }));
                    }
                """));

        [Fact]
        public Task Loop_built_task_list_is_throttled_by_a_local_function_without_Task_Run()
            => VerifyFix(
                Code("""
                    async Task<string[]> M(IEnumerable<string> urls, CancellationToken ct)
                    {
                        var tasks = new List<Task<string>>();
                        foreach (var url in urls)
                        {
                            tasks.Add(FetchAsync(url));
                        }
                        return await {|AG0003:Task.WhenAll(tasks)|};
                    }
                """),
                Code("""
                    async Task<string[]> M(IEnumerable<string> urls, CancellationToken ct)
                    {
                        var tasks = new List<Task<string>>();
                        using var throttle = new SemaphoreSlim(8);
                        foreach (var url in urls)
                        {
                            tasks.Add(ThrottledFetchAsync(url));
                        }
                        return await Task.WhenAll(tasks);

                        async Task<string> ThrottledFetchAsync(string url)
                        {
                            await throttle.WaitAsync(ct);
                            try
                            {
                                return await FetchAsync(url);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }
                    }
                """));

        [Fact]
        public Task Loop_variables_and_state_the_loop_changes_are_passed_by_value_to_the_throttled_work()
            => VerifyFix(
                Code("""
                    async Task M(string[] urls)
                    {
                        var tasks = new List<Task>();
                        for (var i = 0; i < urls.Length; i++)
                        {
                            tasks.Add(SaveAsync(urls[i] + i));
                        }
                        await {|AG0003:Task.WhenAll(tasks)|};
                        var page = 0;
                        var more = new List<Task>();
                        foreach (var url in urls)
                        {
                            more.Add(SaveAsync(url + page));
                            page++;
                        }
                        await {|AG0003:Task.WhenAll(more)|};
                    }
                """),
                Code("""
                    async Task M(string[] urls)
                    {
                        var tasks = new List<Task>();
                        using var throttle = new SemaphoreSlim(8);
                        for (var i = 0; i < urls.Length; i++)
                        {
                            tasks.Add(ThrottledSaveAsync(i));
                        }
                        await Task.WhenAll(tasks);
                        var page = 0;
                        var more = new List<Task>();
                        using var urlThrottle = new SemaphoreSlim(8);
                        foreach (var url in urls)
                        {
                            more.Add(ThrottledSaveUrlAsync(url, page));
                            page++;
                        }
                        await Task.WhenAll(more);

                        async Task ThrottledSaveAsync(int i)
                        {
                            await throttle.WaitAsync();
                            try
                            {
                                await SaveAsync(urls[i] + i);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }

                        async Task ThrottledSaveUrlAsync(string url, int page)
                        {
                            await urlThrottle.WaitAsync();
                            try
                            {
                                await SaveAsync(url + page);
                            }
                            finally
                            {
                                urlThrottle.Release();
                            }
                        }
                    }
                """));

        [Fact]
        public Task Loop_fan_outs_of_one_block_get_throttles_and_local_functions_named_for_what_each_item_works_on()
            => VerifyFix(
                Code("""
                    async Task M(string[] orders, string[] invoices, string[] refunds)
                    {
                        var saved = new List<Task>();
                        foreach (var order in orders)
                        {
                            saved.Add(SaveAsync(order));
                        }
                        await {|AG0003:Task.WhenAll(saved)|};
                        var filed = new List<Task>();
                        foreach (var invoice in invoices)
                        {
                            filed.Add(SaveAsync(invoice));
                        }
                        await {|AG0003:Task.WhenAll(filed)|};
                        var refunded = new List<Task>();
                        foreach (var invoice in refunds)
                        {
                            refunded.Add(SaveAsync(invoice));
                        }
                        await {|AG0003:Task.WhenAll(refunded)|};
                    }
                """),
                Code("""
                    async Task M(string[] orders, string[] invoices, string[] refunds)
                    {
                        var saved = new List<Task>();
                        using var throttle = new SemaphoreSlim(8);
                        foreach (var order in orders)
                        {
                            saved.Add(ThrottledSaveAsync(order));
                        }
                        await Task.WhenAll(saved);
                        var filed = new List<Task>();
                        using var invoiceThrottle = new SemaphoreSlim(8);
                        foreach (var invoice in invoices)
                        {
                            filed.Add(ThrottledSaveInvoiceAsync(invoice));
                        }
                        await Task.WhenAll(filed);
                        var refunded = new List<Task>();
                        using var refundsThrottle = new SemaphoreSlim(8);
                        foreach (var invoice in refunds)
                        {
                            refunded.Add(ThrottledSaveForRefundsAsync(invoice));
                        }
                        await Task.WhenAll(refunded);

                        async Task ThrottledSaveAsync(string order)
                        {
                            await throttle.WaitAsync();
                            try
                            {
                                await SaveAsync(order);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }

                        async Task ThrottledSaveInvoiceAsync(string invoice)
                        {
                            await invoiceThrottle.WaitAsync();
                            try
                            {
                                await SaveAsync(invoice);
                            }
                            finally
                            {
                                invoiceThrottle.Release();
                            }
                        }

                        async Task ThrottledSaveForRefundsAsync(string invoice)
                        {
                            await refundsThrottle.WaitAsync();
                            try
                            {
                                await SaveAsync(invoice);
                            }
                            finally
                            {
                                refundsThrottle.Release();
                            }
                        }
                    }
                """));

        [Fact]
        public Task Throttle_follows_the_ConfigureAwait_false_convention_of_the_code()
            => VerifyFix(
                Code("""
                    async Task<string> FirstAsync(string[] urls) => await FetchAsync(urls[0]).ConfigureAwait(false);

                    Task StartAllAsync(string[] urls)
                        => {|AG0003:Task.WhenAll(urls.Select(url => SaveAsync(url)))|};

                    async Task<string[]> FetchAllAsync(string[] urls)
                    {
                        await Task.Delay(1).ConfigureAwait(false);
                        return await {|AG0003:Task.WhenAll(urls.Select(FetchAsync))|}.ConfigureAwait(false);
                    }
                """),
                Code("""
                    async Task<string> FirstAsync(string[] urls) => await FetchAsync(urls[0]).ConfigureAwait(false);

                    Task StartAllAsync(string[] urls)
                    {
                        var throttle = new SemaphoreSlim(8);
                        return Task.WhenAll(urls.Select(async url =>
                        {
                            await throttle.WaitAsync().ConfigureAwait(false);
                            try
                            {
                                await SaveAsync(url).ConfigureAwait(false);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }));
                    }

                    async Task<string[]> FetchAllAsync(string[] urls)
                    {
                        await Task.Delay(1).ConfigureAwait(false);
                        using var throttle = new SemaphoreSlim(8);
                        return await Task.WhenAll(urls.Select(async url =>
                        {
                            await throttle.WaitAsync().ConfigureAwait(false);
                            try
                            {
                                return await FetchAsync(url).ConfigureAwait(false);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        })).ConfigureAwait(false);
                    }
                """));

        [Fact]
        public Task Tasks_stored_into_an_array_by_a_for_loop_are_throttled_the_same_way()
            => VerifyFix(
                Code("""
                    async Task<string[]> M(string[] urls)
                    {
                        var tasks = new Task<string>[urls.Length];
                        for (var i = 0; i < urls.Length; i++)
                        {
                            tasks[i] = FetchAsync(urls[i]);
                        }
                        return await {|AG0003:Task.WhenAll(tasks)|};
                    }
                """),
                Code("""
                    async Task<string[]> M(string[] urls)
                    {
                        var tasks = new Task<string>[urls.Length];
                        using var throttle = new SemaphoreSlim(8);
                        for (var i = 0; i < urls.Length; i++)
                        {
                            tasks[i] = ThrottledFetchAsync(i);
                        }
                        return await Task.WhenAll(tasks);

                        async Task<string> ThrottledFetchAsync(int i)
                        {
                            await throttle.WaitAsync();
                            try
                            {
                                return await FetchAsync(urls[i]);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }
                    }
                """));

        [Fact]
        public Task Query_syntax_select_is_throttled_by_a_local_function_without_Task_Run()
            => VerifyFix(
                Code("""
                    async Task M(string[] urls)
                    {
                        await {|AG0003:Task.WhenAll(from url in urls select SaveAsync(url))|};
                    }
                """),
                Code("""
                    async Task M(string[] urls)
                    {
                        using var throttle = new SemaphoreSlim(8);
                        await Task.WhenAll(from url in urls select ThrottledSaveAsync(url));

                        async Task ThrottledSaveAsync(string url)
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
                        }
                    }
                """));

        // ---- Fix 2: Parallel.ForEachAsync where no results are collected ----

        [Fact]
        public Task Fan_out_without_results_can_become_Parallel_ForEachAsync()
            => VerifyFix(
                Code("""
                    async Task M(IEnumerable<string> urls, CancellationToken ct)
                    {
                        await {|AG0003:Task.WhenAll(urls.Select(u => SaveAsync(u)))|};
                    }
                """),
                Code("""
                    async Task M(IEnumerable<string> urls, CancellationToken ct)
                    {
                        await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (u, _) => await SaveAsync(u));
                    }
                """),
                codeActionIndex: 1,
                equivalenceKey: "UnboundedFanOutCodeFix.ParallelForEachAsync");

        [Fact]
        public Task Method_group_without_results_can_become_Parallel_ForEachAsync()
            => VerifyFix(
                Code("""
                    async Task M(string[] urls)
                    {
                        await {|AG0003:Task.WhenAll(urls.Select(SaveAsync))|};
                    }
                """),
                Code("""
                    async Task M(string[] urls)
                    {
                        await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (url, _) => await SaveAsync(url));
                    }
                """),
                codeActionIndex: 1,
                equivalenceKey: "UnboundedFanOutCodeFix.ParallelForEachAsync");

        [Fact]
        public async Task Degree_comes_from_the_option_and_a_bad_value_falls_back()
        {
            var test = new Verify.Test
            {
                TestCode = Code("""
                    async Task M(string[] urls)
                    {
                        await {|AG0003:Task.WhenAll(urls.Select(SaveAsync))|};
                    }
                """),
                FixedCode = Code("""
                    async Task M(string[] urls)
                    {
                        await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (url, _) => await SaveAsync(url));
                    }
                """),
                CodeActionIndex = 1,
                CodeActionEquivalenceKey = "UnboundedFanOutCodeFix.ParallelForEachAsync",
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0003.max_concurrency = 3\nasyncguard.AG0003.bounded_item_count = lots\n"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Fix_all_gives_each_fan_out_its_own_throttle()
            => VerifyFix(
                Code("""
                    async Task M(string[] a, string[] b)
                    {
                        await {|AG0003:Task.WhenAll(a.Select(x => SaveAsync(x)))|};
                        await {|AG0003:Task.WhenAll(b.Select(y => SaveAsync(y)))|};
                    }
                """),
                Code("""
                    async Task M(string[] a, string[] b)
                    {
                        using var throttle = new SemaphoreSlim(8);
                        await Task.WhenAll(a.Select(async x =>
                        {
                            await throttle.WaitAsync();
                            try
                            {
                                await SaveAsync(x);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }));
                        using var throttle2 = new SemaphoreSlim(8);
                        await Task.WhenAll(b.Select(async y =>
                        {
                            await throttle2.WaitAsync();
                            try
                            {
                                await SaveAsync(y);
                            }
                            finally
                            {
                                throttle2.Release();
                            }
                        }));
                    }
                """));

        // ---- Negative ----

        [Fact]
        public Task Bounded_sources_and_fixed_lists_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task M(string[] urls, Task a, Task b)
                {
                    await Task.WhenAll(a, b);
                    await Task.WhenAll(new[] { a, b });
                    await Task.WhenAll(Enumerable.Range(0, 4).Select(i => SaveAsync(urls[i])));
                    await Task.WhenAll(urls.Take(5).Select(u => SaveAsync(u)));
                    await Task.WhenAll(urls.Where(u => u.Length > 0).Take(3).Select(SaveAsync));
                    var fixedSet = new[] { "a", "b", "c" };
                    await Task.WhenAll(fixedSet.Select(SaveAsync));
                    var tasks = new List<Task>();
                    for (var i = 0; i < 4; i++)
                    {
                        tasks.Add(SaveAsync(urls[i]));
                    }
                    await Task.WhenAll(tasks);
                }
            """));

        [Fact]
        public Task Throttled_items_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(4);
                async Task M(string[] urls, CancellationToken ct)
                {
                    await Task.WhenAll(urls.Select(async u =>
                    {
                        await _gate.WaitAsync(ct);
                        try { await SaveAsync(u); } finally { _gate.Release(); }
                    }));
                    await Task.WhenAll(urls.Select(GatedAsync));
                    var tasks = new List<Task>();
                    foreach (var u in urls)
                    {
                        await _gate.WaitAsync(ct);
                        tasks.Add(Task.Run(async () => { try { await SaveAsync(u); } finally { _gate.Release(); } }));
                    }
                    await Task.WhenAll(tasks);
                    await Parallel.ForEachAsync(urls, ct, async (u, t) => await SaveAsync(u));
                    System.Threading.RateLimiting.RateLimiter limiter = new System.Threading.RateLimiting.ConcurrencyLimiter();
                    await Task.WhenAll(urls.Select(async u =>
                    {
                        using var lease = await limiter.AcquireAsync(1, ct);
                        await SaveAsync(u);
                    }));
                }

                async Task GatedAsync(string u)
                {
                    await _gate.WaitAsync();
                    try { await SaveAsync(u); } finally { _gate.Release(); }
                }
            """) + """
            namespace System.Threading.RateLimiting
            {
                // The shape of the framework's rate limiter (its package is not in the test's reference assemblies).
                public abstract class RateLimiter { public ValueTask<IDisposable> AcquireAsync(int permits, CancellationToken cancellationToken) => default; }
                public sealed class ConcurrencyLimiter : RateLimiter { }
            }
            """);

        [Fact]
        public Task Bound_threshold_is_configurable()
        {
            var test = new Verify.Test
            {
                TestCode = Code("""
                    async Task M(string[] urls)
                    {
                        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => SaveAsync(urls[i])));
                        await {|AG0003:Task.WhenAll(Enumerable.Range(0, 51).Select(i => SaveAsync(urls[i])))|};
                    }
                """),
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0003.bounded_item_count = 50\n"));
            test.FixedCode = Code("""
                    async Task M(string[] urls)
                    {
                        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => SaveAsync(urls[i])));
                        using var throttle = new SemaphoreSlim(8);
                        await Task.WhenAll(Enumerable.Range(0, 51).Select(async i =>
                        {
                            await throttle.WaitAsync();
                            try
                            {
                                await SaveAsync(urls[i]);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }));
                    }
                """);
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Expression_bodied_members_get_a_block_body_with_the_throttle()
            => VerifyFix(
                Code("""
                    Task M(string[] urls) => {|AG0003:Task.WhenAll(urls.Select(SaveAsync))|};

                    async Task<string[]> N(string[] urls) => await {|AG0003:Task.WhenAll(urls.Select(u => FetchAsync(u)))|}.ConfigureAwait(false);

                    async Task O(string[] urls)
                    {
                        await Local();

                        async Task Local() => await {|AG0003:Task.WhenAll(urls.Select(SaveAsync))|};
                    }
                """),
                Code("""
                    Task M(string[] urls)
                    {
                        var throttle = new SemaphoreSlim(8);
                        return Task.WhenAll(urls.Select(async url =>
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

                    async Task<string[]> N(string[] urls)
                    {
                        using var throttle = new SemaphoreSlim(8);
                        return await Task.WhenAll(urls.Select(async u =>
                        {
                            await throttle.WaitAsync().ConfigureAwait(false);
                            try
                            {
                                return await FetchAsync(u).ConfigureAwait(false);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        })).ConfigureAwait(false);
                    }

                    async Task O(string[] urls)
                    {
                        await Local();

                        async Task Local()
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
                            }));
                        }
                    }
                """));

        [Fact]
        public Task Unbounded_but_passed_on_is_reported_without_a_fix()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    Task M(string[] urls) => Keep({|AG0003:Task.WhenAll(urls.Select(SaveAsync))|});
                    static Task Keep(Task task) => task;
                """),
                Code("""
                    Task M(string[] urls) => Keep({|AG0003:Task.WhenAll(urls.Select(SaveAsync))|});
                    static Task Keep(Task task) => task;
                """));

        [Fact]
        public Task Half_typed_code_does_not_throw()
            => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
                async Task M(string[] urls)
                {
                    await Task.WhenAll(urls.Select(
                    await Task.WhenAll(urls.Select(u => ))
                    var tasks = new List<Task>();
                    foreach (var u in urls) tasks.Add(
                    await Task.WhenAll(tasks
                }
            """));
    }
}
