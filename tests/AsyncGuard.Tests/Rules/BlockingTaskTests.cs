using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.BlockingTaskAnalyzer, AsyncGuard.CodeFixes.BlockingTaskCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    public class BlockingTaskTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        // ---- Positive: every blocking shape, with its exact fix ----

        [Fact]
        public Task WaitAny_whose_index_is_used_becomes_IndexOf_of_WhenAny()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Task[] tasks, CancellationToken ct)
                    {
                        await Task.Yield();
                        var first = {|AG0001:Task.WaitAny(tasks)|};
                        var second = {|AG0001:Task.WaitAny(tasks, ct)|};
                        return first + second;
                    }
                """),
                Code("""
                    async Task<int> M(Task[] tasks, CancellationToken ct)
                    {
                        await Task.Yield();
                        var first = Array.IndexOf(tasks, await Task.WhenAny(tasks));
                        var second = Array.IndexOf(tasks, await Task.WhenAny(tasks).WaitAsync(ct));
                        return first + second;
                    }
                """));

        [Fact]
        public Task Wait_inside_a_catch_of_AggregateException_gets_no_fix()
            => Verify.VerifyCodeFixAsync(
                CodeForAggregate,
                CodeForAggregate);

        private const string CodeForAggregate = """
            using System;
            using System.Threading.Tasks;

            class C
            {
                async Task<int> M(Task<int> t, Task<int> u)
                {
                    await Task.Yield();
                    try
                    {
                        {|AG0001:t.Wait()|};
                        return {|AG0001:u.Result|};
                    }
                    catch (AggregateException e)
                    {
                        return e.InnerExceptions.Count;
                    }
                }
            }
            """;

        [Fact]
        public Task Awaits_follow_the_methods_ConfigureAwait_false_convention()
            => Verify.VerifyCodeFixAsync(
                """
                using System.Threading.Tasks;

                class C
                {
                    async Task<int> M(Task<int> t, Task u)
                    {
                        await u.ConfigureAwait(false);
                        return {|AG0001:t.Result|} + {|AG0001:Task.WhenAny(u).Result|}.Id;
                    }
                }
                """,
                """
                using System.Threading.Tasks;

                class C
                {
                    async Task<int> M(Task<int> t, Task u)
                    {
                        await u.ConfigureAwait(false);
                        return await t.ConfigureAwait(false) + (await Task.WhenAny(u).ConfigureAwait(false)).Id;
                    }
                }
                """);

        [Fact]
        public Task Result_in_async_method_is_awaited()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Task<int> t)
                    {
                        var v = {|AG0001:t.Result|};
                        await Task.Yield();
                        return v;
                    }
                """),
                Code("""
                    async Task<int> M(Task<int> t)
                    {
                        var v = await t;
                        await Task.Yield();
                        return v;
                    }
                """));

        [Fact]
        public Task Result_used_as_receiver_is_parenthesized()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Task<string> t)
                    {
                        await Task.Yield();
                        return {|AG0001:t.Result|}.Length;
                    }
                """),
                Code("""
                    async Task<int> M(Task<string> t)
                    {
                        await Task.Yield();
                        return (await t).Length;
                    }
                """));

        [Fact]
        public Task Wait_becomes_await_statement()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task M(Task t)
                    {
                        {|AG0001:t.Wait()|};
                        await Task.Yield();
                    }
                """),
                Code("""
                    async Task M(Task t)
                    {
                        await t;
                        await Task.Yield();
                    }
                """));

        [Fact]
        public Task Wait_with_cancellation_becomes_WaitAsync()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task M(Task t, CancellationToken ct)
                    {
                        {|AG0001:t.Wait(ct)|};
                        await Task.Yield();
                    }
                """),
                Code("""
                    async Task M(Task t, CancellationToken ct)
                    {
                        await t.WaitAsync(ct);
                        await Task.Yield();
                    }
                """));

        [Fact]
        public Task GetAwaiter_GetResult_on_task_and_value_task()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Task<int> t, ValueTask<int> v, ValueTask done)
                    {
                        {|AG0001:done.GetAwaiter().GetResult()|};
                        return {|AG0001:t.GetAwaiter().GetResult()|} + {|AG0001:v.GetAwaiter().GetResult()|};
                    }
                """),
                Code("""
                    async Task<int> M(Task<int> t, ValueTask<int> v, ValueTask done)
                    {
                        await done;
                        return await t + await v;
                    }
                """));

        [Fact]
        public Task ConfigureAwait_GetResult_keeps_ConfigureAwait()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Task<int> t)
                    {
                        return {|AG0001:t.ConfigureAwait(false).GetAwaiter().GetResult()|};
                    }
                """),
                Code("""
                    async Task<int> M(Task<int> t)
                    {
                        return await t.ConfigureAwait(false);
                    }
                """));

        [Fact]
        public Task ValueTask_Result_is_awaited()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async ValueTask<int> M(ValueTask<int> t)
                    {
                        return {|AG0001:t.Result|} * 2;
                    }
                """),
                Code("""
                    async ValueTask<int> M(ValueTask<int> t)
                    {
                        return await t * 2;
                    }
                """));

        [Fact]
        public Task WaitAll_becomes_WhenAll()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task M(Task a, Task b, Task[] many, CancellationToken ct)
                    {
                        {|AG0001:Task.WaitAll(a, b)|};
                        {|AG0001:Task.WaitAll(many, ct)|};
                        await Task.Yield();
                    }
                """),
                Code("""
                    async Task M(Task a, Task b, Task[] many, CancellationToken ct)
                    {
                        await Task.WhenAll(a, b);
                        await Task.WhenAll(many).WaitAsync(ct);
                        await Task.Yield();
                    }
                """));

        [Fact]
        public Task WaitAny_with_discarded_index_becomes_WhenAny()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task M(Task a, Task b)
                    {
                        {|AG0001:Task.WaitAny(a, b)|};
                        _ = {|AG0001:Task.WaitAny(a, b)|};
                        await Task.Yield();
                    }
                """),
                Code("""
                    async Task M(Task a, Task b)
                    {
                        await Task.WhenAny(a, b);
                        _ = await Task.WhenAny(a, b);
                        await Task.Yield();
                    }
                """));

        [Fact]
        public Task Nested_blocking_calls_compose_under_fix_all()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    static Task<Task<int>> Outer() => Task.FromResult(Task.FromResult(1));
                    async Task<int> M(Func<Task<Task<int>>> f)
                    {
                        return {|AG0001:{|AG0001:f().Result|}.Result|};
                    }
                """),
                Code("""
                    static Task<Task<int>> Outer() => Task.FromResult(Task.FromResult(1));
                    async Task<int> M(Func<Task<Task<int>>> f)
                    {
                        return await await f();
                    }
                """));

        [Fact]
        public Task Async_lambda_local_function_and_iterator_are_async_code()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    Func<Task<int>> Lambda(Task<int> t) => async () => {|AG0001:t.Result|};

                    Task<int> Local(Task<int> t)
                    {
                        return Inner();
                        async Task<int> Inner() => {|AG0001:t.Result|} + 1;
                    }

                    async IAsyncEnumerable<int> Iterate(Task<int> t)
                    {
                        yield return {|AG0001:t.Result|};
                    }
                """),
                Code("""
                    Func<Task<int>> Lambda(Task<int> t) => async () => await t;

                    Task<int> Local(Task<int> t)
                    {
                        return Inner();
                        async Task<int> Inner() => await t + 1;
                    }

                    async IAsyncEnumerable<int> Iterate(Task<int> t)
                    {
                        yield return await t;
                    }
                """));

        [Fact]
        public Task Top_level_statements_with_await_are_async_code()
            => Verify.VerifyCodeFixAsync(
                """
                using System.Threading.Tasks;

                var t = Task.Run(() => 42);
                await Task.Yield();
                System.Console.WriteLine({|AG0001:t.Result|});
                """,
                """
                using System.Threading.Tasks;

                var t = Task.Run(() => 42);
                await Task.Yield();
                System.Console.WriteLine(await t);
                """,
                OutputKind.ConsoleApplication);

        [Fact]
        public Task Message_names_the_blocking_member()
            => Verify.VerifyAnalyzerAsync(
                Code("""
                    async Task M(Task<int> t)
                    {
                        _ = {|#0:t.Result|};
                        {|#1:t.Wait()|};
                        await Task.Yield();
                    }
                """),
                Verify.Diagnostic("AG0001").WithLocation(0).WithArguments("Result", "await the task instead"),
                Verify.Diagnostic("AG0001").WithLocation(1).WithArguments("Wait()", "await the task instead"));

        // ---- Reported, but no fix can keep the meaning ----

        [Fact]
        public Task Wait_with_timeout_is_reported_without_a_fix()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<bool> M(Task t)
                    {
                        var done = {|AG0001:t.Wait(100)|};
                        {|AG0001:t.Wait(TimeSpan.FromSeconds(1))|};
                        await Task.Yield();
                        return done;
                    }
                """),
                Code("""
                    async Task<bool> M(Task t)
                    {
                        var done = {|AG0001:t.Wait(100)|};
                        {|AG0001:t.Wait(TimeSpan.FromSeconds(1))|};
                        await Task.Yield();
                        return done;
                    }
                """));

        [Fact]
        public Task Timeout_overloads_and_WaitAny_of_loose_tasks_with_its_index_used_get_no_fix()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Task[] tasks)
                    {
                        int first = {|AG0001:Task.WaitAny(tasks, 500)|};
                        bool all = {|AG0001:Task.WaitAll(tasks, 1000)|};
                        await Task.Yield();
                        return all ? first : {|AG0001:Task.WaitAny(tasks[0], tasks[1])|};
                    }
                """),
                Code("""
                    async Task<int> M(Task[] tasks)
                    {
                        int first = {|AG0001:Task.WaitAny(tasks, 500)|};
                        bool all = {|AG0001:Task.WaitAll(tasks, 1000)|};
                        await Task.Yield();
                        return all ? first : {|AG0001:Task.WaitAny(tasks[0], tasks[1])|};
                    }
                """));

        [Fact]
        public Task Blocking_where_await_is_not_allowed_has_no_fix()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    private readonly object _gate = new object();
                    async Task<int?> M(Task<int> t, Task<int>? maybe)
                    {
                        await Task.Yield();
                        lock (_gate)
                        {
                            _ = {|AG0001:t.Result|};
                        }
                        return {|AG0001:maybe?.Result|};
                    }
                """),
                Code("""
                    private readonly object _gate = new object();
                    async Task<int?> M(Task<int> t, Task<int>? maybe)
                    {
                        await Task.Yield();
                        lock (_gate)
                        {
                            _ = {|AG0001:t.Result|};
                        }
                        return {|AG0001:maybe?.Result|};
                    }
                """));

        // ---- Negative: what must not be flagged ----

        [Fact]
        public Task Not_async_code_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                int Sync(Task<int> t) => t.Result;
                async Task<int[]> SyncLambdaInside(Task<int>[] tasks)
                {
                    await Task.Yield();
                    Func<int> later = () => tasks[0].Result;
                    int Local() => tasks[1].GetAwaiter().GetResult();
                    return tasks.Select(x => x.Result).ToArray();
                }
            """));

        [Fact]
        public Task Already_awaited_task_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<int> M(Task<int> t, Task<int> u)
                {
                    await t;
                    var x = t.Result;
                    var y = await u.ConfigureAwait(false);
                    return x + y + u.GetAwaiter().GetResult();
                }
            """));

        [Fact]
        public Task Tasks_joined_by_awaited_WhenAll_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<int> M(Task<int> a, Task<int> b, Task<int>[] tasks, List<Task<int>> list)
                {
                    await Task.WhenAll(a, b);
                    await Task.WhenAll(tasks);
                    await Task.WhenAll(list);
                    var sum = a.Result + b.Result + tasks[0].Result + list[1].Result;
                    foreach (var t in tasks)
                    {
                        sum += t.Result;
                    }
                    return sum;
                }
            """));

        [Fact]
        public Task Winner_of_awaited_WhenAny_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<int> M(Task<int> a, Task<int> b)
                {
                    var winner = await Task.WhenAny(a, b);
                    Task<int> other;
                    other = await Task.WhenAny(b, a);
                    return winner.Result + other.Result;
                }
            """));

        [Fact]
        public Task Completion_guards_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<int> M(Task<int> t, ValueTask<int> v)
                {
                    await Task.Yield();
                    if (t.IsCompleted) { return t.Result; }
                    if (v.IsCompletedSuccessfully && v.Result > 0) { return v.Result; }
                    var x = t.IsCompletedSuccessfully ? t.Result : 0;
                    if (t.Status == TaskStatus.RanToCompletion) { x += t.GetAwaiter().GetResult(); }
                    return x;
                }

                async Task<int> EarlyExit(Task<int> t)
                {
                    await Task.Yield();
                    if (!t.IsCompleted)
                    {
                        return -1;
                    }
                    return t.Result;
                }
            """));

        [Fact]
        public Task Faulted_or_canceled_guard_and_dual_sync_async_paths_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task M(Task send, Task<int> refresh, bool async)
                {
                    if (send.IsFaulted) send.GetAwaiter().GetResult();
                    if (send.IsCanceled) send.Wait();
                    if (async)
                        await refresh.ConfigureAwait(false);
                    else
                        refresh.GetAwaiter().GetResult();
                }

                async Task<int> Other(Task<int> t, bool useAsync)
                {
                    await Task.Yield();
                    return useAsync ? await t : t.Result;
                }
            """));

        [Fact]
        public Task Completed_by_construction_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<int> M()
                {
                    await Task.Yield();
                    Task.CompletedTask.Wait();
                    return Task.FromResult(1).Result;
                }
            """));

        [Fact]
        public Task Non_task_members_and_nameof_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                sealed class Outcome { public int Result { get; set; } public void Wait() { } }
                sealed class Gate { public bool Wait(int ms) => true; public int GetResult() => 0; }
                async Task<string> M(Outcome o, Gate g, Task<int> t)
                {
                    await Task.Yield();
                    o.Wait();
                    g.Wait(10);
                    var r = o.Result + g.GetResult();
                    return nameof(t.Result) + nameof(Task.Wait) + r;
                }
            """));

        [Fact]
        public Task Conditional_or_later_await_does_not_hide_blocking()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<int> M(Task<int> t, bool flag)
                {
                    if (flag) { await t; }
                    var x = {|AG0001:t.Result|};
                    if (!t.IsCompleted) { x++; }
                    var y = {|AG0001:t.Result|};
                    await t;
                    return x + y;
                }
            """));

        [Fact]
        public Task Half_typed_code_does_not_throw()
            => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
                async Task M(Task<int> t, Task[] all)
                {
                    var x = t.
                    t.Wait(
                    await Task.WhenAll(
                    Task.WaitAll(all, 
                    var y = {|AG0001:t.Result|}.
                    if (t.IsCompleted
                }
                async Task N(Task<int> t) => {|AG0001:t.Result|}
            """));
    }
}
