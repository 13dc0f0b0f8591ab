using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.BlockingTaskAnalyzer, AsyncGuard.CodeFixes.BlockingTaskCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>AG0001 and tasks that are complete where their result is read, and only those.</summary>
    public class CompletedTaskTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        [Fact]
        public Task Tasks_complete_by_construction_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<int> M(Task<int> a, Task<int> b, Task<int> c, Task<int> d, TaskCompletionSource<int> tcs, CancellationToken ct)
                {
                    if (!a.IsCompleted) await a;
                    var x = a.Result;

                    await b.WaitAsync(TimeSpan.FromSeconds(1), ct);
                    x += b.Result;

                    if (await Task.WhenAny(c, Task.Delay(100, ct)) == c) x += c.Result;

                    var cached = Task.FromResult(1);
                    x += cached.Result;

                    tcs.SetResult(2);
                    x += tcs.Task.Result;

                    x += await d.ContinueWith(async done => done.Result + 1, ct).Unwrap();
                    return x;
                }
            """));

        [Fact]
        public Task Tasks_replaced_or_not_known_complete_are_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<int> M(Task<int> a, Task<int> b, Task<int> c, Func<Task<int>> next, CancellationToken ct)
                {
                    await Task.WhenAll(a, b);
                    a = next();
                    var x = {|AG0001:a.Result|};
                    Replace(ref b, next);
                    x += {|AG0001:b.Result|};

                    var cached = Task.FromResult(1);
                    cached = next();
                    x += {|AG0001:cached.Result|};

                    if (await Task.WhenAny(c, Task.Delay(100, ct)) != c) x += {|AG0001:c.Result|};
                    if (c.IsCompleted) await Task.Yield(); else x += {|AG0001:c.Result|};
                    return x;
                }

                static void Replace(ref Task<int> t, Func<Task<int>> next) => t = next();
            """));

        [Fact]
        public Task Tasks_waited_for_without_a_timeout_are_complete_after_the_wait()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<int> M(Task<int> a, Task<int> b, Task<int> c, Task<int> d, Task<int>[] all, CancellationToken ct)
                {
                    await Task.Yield();
                    {|AG0001:Task.WaitAll(a, b)|};
                    var x = a.Result + b.Result;
                    {|AG0001:Task.WaitAll(all, ct)|};
                    x += all[0].Result;
                    {|AG0001:c.Wait()|};
                    x += c.Result;
                    d.RunSynchronously();
                    return x + d.Result;
                }
            """));

        [Fact]
        public Task Tasks_waited_for_with_a_timeout_are_not_known_complete()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<int> M(Task<int> a, Task<int> b, Task<int>[] all, CancellationToken ct)
                {
                    await Task.Yield();
                    _ = {|AG0001:Task.WaitAll(new Task[] { a }, 100)|};
                    var x = {|AG0001:a.Result|};
                    _ = {|AG0001:Task.WaitAll(all, TimeSpan.FromSeconds(1))|};
                    x += {|AG0001:all[0].Result|};
                    _ = {|AG0001:b.Wait(100)|};
                    return x + {|AG0001:b.Result|};
                }
            """));
    }
}
