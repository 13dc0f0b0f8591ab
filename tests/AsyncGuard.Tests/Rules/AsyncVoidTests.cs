using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncVoidAnalyzer, AsyncGuard.CodeFixes.AsyncVoidCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    public class AsyncVoidTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n    static Task SaveAsync(string s) => Task.CompletedTask;\n" + members + "\n}\n";

        private static Task VerifyFix(string source, string fixedSource, string equivalenceKey, int index = 0)
            => new Verify.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey, CodeActionIndex = index }.RunAsync(CancellationToken.None);

        private static Task VerifyNoFix(string source) => Verify.VerifyCodeFixAsync(source, source);

        private static Task VerifyReviewedFix(string source, string fixedSource)
            => new Verify.Test
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionIndex = 0,
                // A fix that changes when callers continue has no equivalence key: Fix All never applies it.
                CodeFixTestBehaviors = Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipFixAllCheck,
            }.RunAsync(CancellationToken.None);

        [Fact]
        public Task Async_void_method_nobody_calls_returns_Task()
            => VerifyFix(
                Code("""
                    private async {|AG0005:void|} Refresh()
                    {
                        await SaveAsync("x");
                    }
                """),
                Code("""
                    private async Task Refresh()
                    {
                        await SaveAsync("x");
                    }
                """),
                "AsyncGuard.AG0005");

        [Fact]
        public Task Method_with_a_synchronous_caller_gets_no_fix()
            => VerifyNoFix(
                Code("""
                    async {|AG0005:void|} Refresh()
                    {
                        await SaveAsync("x");
                    }

                    async Task Caller()
                    {
                        Refresh();
                        await Task.Yield();
                    }

                    void SyncCaller()
                    {
                        Refresh();
                    }
                """));

        [Fact]
        public Task Async_callers_are_awaited_only_by_the_reviewed_fix()
            => VerifyReviewedFix(
                Code("""
                    async Task M()
                    {
                        Local();
                        await Task.Yield();

                        async {|AG0005:void|} Local() => await SaveAsync("y");
                    }
                """),
                Code("""
                    async Task M()
                    {
                        await Local();
                        await Task.Yield();

                        async Task Local() => await SaveAsync("y");
                    }
                """));

        [Fact]
        public Task Dotnet_format_leaves_a_called_async_void_method_alone()
            => new Verify.Test
            {
                TestCode = Code("""
                    async Task M()
                    {
                        Local();
                        await Task.Yield();

                        async {|AG0005:void|} Local() => await SaveAsync("y");
                    }
                """),
                FixedCode = Code("""
                    async Task M()
                    {
                        Local();
                        await Task.Yield();

                        async {|AG0005:void|} Local() => await SaveAsync("y");
                    }
                """),
                CodeActionEquivalenceKey = "AsyncGuard.AG0005",
            }.RunAsync(CancellationToken.None);

        [Fact]
        public Task Call_inside_a_released_section_gets_no_fix()
            => VerifyNoFix(
                Code("""
                    readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                    private async {|AG0005:void|} Cleanup() => await SaveAsync("c");

                    async Task M()
                    {
                        await _gate.WaitAsync();
                        try
                        {
                            Cleanup();
                        }
                        finally
                        {
                            _gate.Release();
                        }
                    }
                """));

        [Fact]
        public Task Parallel_ForEach_passes_the_callers_token_and_the_body_uses_the_loops_own()
            => VerifyFix(
                Code("""
                    async Task M(IEnumerable<string> items, CancellationToken ct)
                    {
                        Parallel.ForEach(items, {|AG0005:async item =>|} await Task.Delay(item.Length, ct));
                    }
                """),
                Code("""
                    async Task M(IEnumerable<string> items, CancellationToken ct)
                    {
                        await Parallel.ForEachAsync(items, ct, async (item, cancellationToken) => await Task.Delay(item.Length, cancellationToken));
                    }
                """),
                "AsyncGuard.AG0005");

        [Fact]
        public Task Method_used_as_a_void_delegate_gets_no_fix()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async {|AG0005:void|} Tick() => await SaveAsync("t");
                    Action Handler() => Tick;
                """),
                Code("""
                    async {|AG0005:void|} Tick() => await SaveAsync("t");
                    Action Handler() => Tick;
                """));

        [Fact]
        public Task List_ForEach_with_async_lambda_becomes_awaiting_foreach()
            => VerifyFix(
                Code("""
                    async Task M(List<string> items)
                    {
                        items.ForEach({|AG0005:async item =>|}
                        {
                            if (item.Length == 0)
                            {
                                return;
                            }

                            await SaveAsync(item);
                        });
                        items.ForEach({|AG0005:async s =>|} await SaveAsync(s));
                    }
                """),
                Code("""
                    async Task M(List<string> items)
                    {
                        foreach (var item in items)
                        {
                            if (item.Length == 0)
                            {
                                continue;
                            }

                            await SaveAsync(item);
                        }
                        foreach (var s in items)
                        {
                            await SaveAsync(s);
                        }
                    }
                """),
                "AsyncGuard.AG0005");

        [Fact]
        public Task Parallel_ForEach_with_async_lambda_becomes_ForEachAsync()
            => VerifyFix(
                Code("""
                    async Task M(IEnumerable<string> items)
                    {
                        Parallel.ForEach(items, {|AG0005:async item =>|} await SaveAsync(item));
                        await Task.Yield();
                    }
                """),
                Code("""
                    async Task M(IEnumerable<string> items)
                    {
                        await Parallel.ForEachAsync(items, async (item, ct) => await SaveAsync(item));
                        await Task.Yield();
                    }
                """),
                "AsyncGuard.AG0005");

        [Fact]
        public Task Other_void_delegates_are_reported_without_a_fix()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    void M(List<string> items)
                    {
                        Action a = {|AG0005:async () =>|} await SaveAsync("a");
                        var timer = new Timer({|AG0005:async _ =>|} await SaveAsync("t"), null, 0, 1000);
                        items.ForEach({|AG0005:async i =>|} await SaveAsync(i));
                    }
                """),
                Code("""
                    void M(List<string> items)
                    {
                        Action a = {|AG0005:async () =>|} await SaveAsync("a");
                        var timer = new Timer({|AG0005:async _ =>|} await SaveAsync("t"), null, 0, 1000);
                        items.ForEach({|AG0005:async i =>|} await SaveAsync(i));
                    }
                """));

        [Fact]
        public Task Overrides_and_interface_implementations_get_no_fix()
            => Verify.VerifyCodeFixAsync(
                Usings + """
                interface IRunner { void Run(); }
                abstract class Base { public abstract void Start(); }
                class Runner : Base, IRunner
                {
                    public async {|AG0005:void|} Run() => await Task.Yield();
                    public override async {|AG0005:void|} Start() => await Task.Yield();
                }
                """,
                Usings + """
                interface IRunner { void Run(); }
                abstract class Base { public abstract void Start(); }
                class Runner : Base, IRunner
                {
                    public async {|AG0005:void|} Run() => await Task.Yield();
                    public override async {|AG0005:void|} Start() => await Task.Yield();
                }
                """);

        [Fact]
        public Task Event_handlers_and_task_returning_code_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                event EventHandler? Changed;
                event Action<string>? Named;
                sealed class ProgressEventArgs : EventArgs { }

                async void OnClick(object sender, EventArgs e) => await SaveAsync("c");
                async void OnProgress(object? sender, ProgressEventArgs e) => await SaveAsync("p");
                async Task Fine() => await SaveAsync("f");
                void Sync() { }

                void Wire(List<string> items)
                {
                    Changed += async (s, e) => await SaveAsync("changed");
                    Named += async name => await SaveAsync(name);
                    EventHandler handler = async (s, e) => await SaveAsync("h");
                    Func<Task> func = async () => await SaveAsync("func");
                    items.ForEach(i => Console.WriteLine(i));
                }
            """));

        [Fact]
        public Task Callbacks_whose_whole_body_catches_every_exception_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async void OnTimer(object? state)
                {
                    try { await SaveAsync("t"); }
                    catch (Exception) { }
                }

                async {|AG0005:void|} Rethrows(object? state)
                {
                    try { await SaveAsync("t"); }
                    catch (Exception) { throw; }
                }

                async {|AG0005:void|} OnlyIo(object? state)
                {
                    try { await SaveAsync("t"); }
                    catch (System.IO.IOException) { }
                }

                Timer Start() => new Timer(async _ =>
                {
                    try { await SaveAsync("x"); }
                    catch { }
                }, null, 0, 1000);
            """));

        [Fact]
        public Task Half_typed_code_does_not_throw()
            => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
                async {|AG0005:void|} M(
                void N(List<string> items) { items.ForEach(async x => ); }
            """));
    }
}
