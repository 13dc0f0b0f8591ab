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

        private static Task VerifyReviewedFix(string source, string fixedSource, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
        {
            var test = new Verify.Test
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionIndex = 0,
                // A fix that changes when callers continue has no equivalence key: Fix All never applies it.
                CodeFixTestBehaviors = Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipFixAllCheck,
            };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

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
        public Task Overrides_and_interface_implementations_are_reported_as_fixed_by_their_base()
            => Verify.VerifyAnalyzerAsync(
                Usings + """
                interface IRunner { void Run(); }
                interface IProbe { void Probe(string context); }
                abstract class Base { public abstract void Start(); protected virtual void OnAppearing() { } }
                class Runner : Base, IRunner, IProbe
                {
                    public async {|#0:void|} Run() => await Task.Yield();
                    public override async {|#1:void|} Start() => await Task.Yield();
                    async {|#2:void|} IProbe.Probe(string context) => await Task.Yield();
                    protected override async {|#3:void|} OnAppearing() => await Task.Yield();
                }
                """,
                Verify.Diagnostic("AG0005").WithLocation(0).WithArguments("'Run'", "its exceptions crash the process, and its void signature is fixed by 'IRunner.Run' so it cannot return Task; catch and log them inside it"),
                Verify.Diagnostic("AG0005").WithLocation(1).WithArguments("'Start'", "its exceptions crash the process, and its void signature is fixed by 'Base.Start' so it cannot return Task; catch and log them inside it"),
                Verify.Diagnostic("AG0005").WithLocation(2).WithArguments("'IProbe.Probe'", "its exceptions crash the process, and its void signature is fixed by 'IProbe.Probe' so it cannot return Task; catch and log them inside it"),
                Verify.Diagnostic("AG0005").WithLocation(3).WithArguments("'OnAppearing'", "its exceptions crash the process, and its void signature is fixed by 'Base.OnAppearing' so it cannot return Task; catch and log them inside it"));

        [Fact]
        public Task Fixed_signature_whose_body_catches_everything_or_that_is_a_handler_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(
                Usings + """
                abstract class Page
                {
                    protected virtual void OnAppearing() { }
                    protected virtual void OnClick(object sender, EventArgs e) { }
                }
                class Shop : Page
                {
                    protected override async void OnAppearing()
                    {
                        try { await Task.Delay(1); }
                        catch (Exception) { }
                    }

                    protected override async void OnClick(object sender, EventArgs e) => await Task.Delay(1);
                }
                """);

        [Fact]
        public Task Override_body_is_wrapped_in_a_catch_that_traces_when_no_logger_is_in_scope()
            => VerifyReviewedFix(
                Usings + """
                abstract class Page { protected virtual void OnAppearing() { } }
                class Shop : Page
                {
                    Task LoadAsync() => Task.CompletedTask;

                    protected override async {|AG0005:void|} OnAppearing()
                    {
                        base.OnAppearing();
                        // load the catalogue
                        await LoadAsync();
                    }
                }
                """,
                Usings.Replace("using System.Linq;", "using System.Diagnostics;\nusing System.Linq;") + """
                abstract class Page { protected virtual void OnAppearing() { } }
                class Shop : Page
                {
                    Task LoadAsync() => Task.CompletedTask;

                    protected override async void OnAppearing()
                    {
                        try
                        {
                            base.OnAppearing();
                            // load the catalogue
                            await LoadAsync();
                        }
                        catch (Exception exception)
                        {
                            Trace.TraceError("OnAppearing failed: {0}", exception);
                        }
                    }
                }
                """);

        private const string FakeLogging = """
            namespace Microsoft.Extensions.Logging
            {
                public interface ILogger { }
                public interface ILogger<out T> : ILogger { }
                public static class LoggerExtensions { public static void LogError(this ILogger logger, System.Exception? exception, string? message, params object?[] args) { } }
            }
            """;

        [Theory]
        [InlineData("private readonly ILogger<Probe> _log = null!;", "Probe", "_log")]
        [InlineData("private ILogger Log { get; } = null!;", "Probe", "Log")]
        [InlineData("", "Probe(ILogger<Probe> logger)", "logger")]
        public Task Explicit_interface_implementation_logs_through_the_ILogger_in_scope(string member, string declaration, string logger)
            => VerifyReviewedFix(
                "#nullable enable\n" + Usings + "using Microsoft.Extensions.Logging;\n" + $$"""
                interface IProbeSite { void Probe(string context); }
                class {{declaration}} : IProbeSite
                {
                    {{member}}

                    async {|AG0005:void|} IProbeSite.Probe(string context) => await Task.Delay(context.Length);
                }
                """ + "\n" + FakeLogging,
                "#nullable enable\n" + Usings + "using Microsoft.Extensions.Logging;\n" + $$"""
                interface IProbeSite { void Probe(string context); }
                class {{declaration}} : IProbeSite
                {
                    {{member}}

                    async void IProbeSite.Probe(string context)
                    {
                        try
                        {
                            await Task.Delay(context.Length);
                        }
                        catch (Exception exception)
                        {
                            {{logger}}.LogError(exception, "Probe failed");
                        }
                    }
                }
                """ + "\n" + FakeLogging);

        [Fact]
        public Task Catch_variable_does_not_clash_with_a_parameter_and_the_logging_using_is_added()
            => VerifyReviewedFix(
                "#nullable enable\n" + Usings + """
                interface IObserverOf { void OnError(Exception exception); }
                class Watcher : IObserverOf
                {
                    private readonly Microsoft.Extensions.Logging.ILogger _log = null!;

                    public async {|AG0005:void|} OnError(Exception exception)
                    {
                        await Task.Delay(exception.Message.Length);
                    }
                }
                """ + "\n" + FakeLogging,
                "#nullable enable\n" + Usings + "using Microsoft.Extensions.Logging;\n" + """
                interface IObserverOf { void OnError(Exception exception); }
                class Watcher : IObserverOf
                {
                    private readonly Microsoft.Extensions.Logging.ILogger _log = null!;

                    public async void OnError(Exception exception)
                    {
                        try
                        {
                            await Task.Delay(exception.Message.Length);
                        }
                        catch (Exception exception2)
                        {
                            _log.LogError(exception2, "OnError failed");
                        }
                    }
                }
                """ + "\n" + FakeLogging);

        [Fact]
        public Task Override_that_awaits_nothing_loses_its_async()
            => VerifyReviewedFix(
                Usings + """
                interface IProbeSite { void Probe(string context); }
                abstract class Page { protected virtual void OnAppearing() { } }
                class Pipe : Page, IProbeSite
                {
                    async {|#0:void|} IProbeSite.Probe(string context)
                    {
                    }

                    protected override async {|#1:void|} OnAppearing() => Console.WriteLine(Task.Run(async () => await Task.Yield()).Id);
                }
                """,
                Usings + """
                interface IProbeSite { void Probe(string context); }
                abstract class Page { protected virtual void OnAppearing() { } }
                class Pipe : Page, IProbeSite
                {
                    void IProbeSite.Probe(string context)
                    {
                    }

                    protected override void OnAppearing() => Console.WriteLine(Task.Run(async () => await Task.Yield()).Id);
                }
                """,
                Verify.Diagnostic("AG0005").WithLocation(0).WithArguments("'IProbeSite.Probe'", "its exceptions crash the process, and its void signature is fixed by 'IProbeSite.Probe' so it cannot return Task; it awaits nothing, so remove async"),
                Verify.Diagnostic("AG0005").WithLocation(1).WithArguments("'OnAppearing'", "its exceptions crash the process, and its void signature is fixed by 'Page.OnAppearing' so it cannot return Task; it awaits nothing, so remove async"));

        [Fact]
        public Task Dotnet_format_leaves_an_override_alone()
            => new Verify.Test
            {
                TestCode = Usings + """
                abstract class Base { public abstract void Start(); }
                class Runner : Base
                {
                    public override async {|AG0005:void|} Start() => await Task.Yield();
                }
                """,
                FixedCode = Usings + """
                abstract class Base { public abstract void Start(); }
                class Runner : Base
                {
                    public override async {|AG0005:void|} Start() => await Task.Yield();
                }
                """,
                CodeActionEquivalenceKey = "AsyncGuard.AG0005",
            }.RunAsync(CancellationToken.None);

        [Fact]
        public Task Methods_subscribed_to_an_event_are_handlers_whatever_their_parameters()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Client
                {
                    public event Action<string>? Received;
                    public event Action? Connected;
                    public event Func<Task>? Closed;
                }

                partial class Listener
                {
                    private readonly Client _client = new Client();

                    void Wire()
                    {
                        _client.Received += OnReceived;
                        _client.Connected += new Action(this.OnConnected);
                    }

                    async void OnReceived(string message) => await Task.Delay(message.Length);
                    async void OnConnected() => await Task.Delay(1);
                    async void OnWiredElsewhere() => await Task.Delay(1);
                    async {|AG0005:void|} NotSubscribed(string message) => await Task.Delay(message.Length);
                    async {|AG0005:void|} RunByALambda(string message) => await Task.Delay(message.Length);

                    void WireLambda() => _client.Received += message => RunByALambda(message);
                }

                partial class Listener
                {
                    void WireMore() => _client.Connected += OnWiredElsewhere;
                }
                """);

        [Fact]
        public Task A_subscription_counts_where_the_name_is_written_not_in_comments_or_strings()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Client
                {
                    public event Action<string>? Received;

                    void Wire()
                    {
                        // Received += OnCommented;
                        var text = "Received += OnCommented";
                    }

                    async {|AG0005:void|} OnCommented(string message) => await Task.Delay(message.Length);
                }

                class Escaped
                {
                    public event Action<string>? Received;

                    void Wire() => Received += \u004FnReceived;

                    async void OnReceived(string message) => await Task.Delay(message.Length);
                }
                """);

        [Fact]
        public Task Private_handler_shape_only_ever_called_directly_is_reported()
            => Verify.VerifyAnalyzerAsync(Code("""
                event EventHandler? Changed;

                private async {|#0:void|} Refresh(object? sender, EventArgs e) => await SaveAsync("r");
                private async void Subscribed(object? sender, EventArgs e) => await SaveAsync("s");
                private async void ThroughLambda(object? sender, EventArgs e) => await SaveAsync("l");
                private async void Unused(object? sender, EventArgs e) => await SaveAsync("u");
                public async void Public(object? sender, EventArgs e) => await SaveAsync("p");

                void Run()
                {
                    Refresh(this, EventArgs.Empty);
                    Subscribed(this, EventArgs.Empty);
                    Public(this, EventArgs.Empty);
                    Changed += Subscribed;
                    Changed += (s, e) => ThroughLambda(s, e);
                }
            """),
                Verify.Diagnostic("AG0005").WithLocation(0).WithArguments("'Refresh'", "it has an event handler's parameters but is only called, never subscribed, and no caller can await it; return Task instead"));

        [Fact]
        public Task Async_void_whose_whole_body_catches_everything_is_reported_when_it_is_called_or_unused()
            => Verify.VerifyAnalyzerAsync(Code("""
                async {|#0:void|} Cleanup(Task<string> value, string key)
                {
                    try { await SaveAsync(await value + key); }
                    catch (Exception) { }
                }

                void OnRemoved(Task<string> value) => Cleanup(value, "k");

                async {|#1:void|} Rethrows(object? state)
                {
                    try { await SaveAsync("t"); }
                    catch (Exception) { throw; }
                }
            """),
                Verify.Diagnostic("AG0005").WithLocation(0).WithArguments("'Cleanup'", "its catch keeps its exceptions in, but no caller can await it, know when it has finished or test it; return Task instead"),
                Verify.Diagnostic("AG0005").WithLocation(1).WithArguments("'Rethrows'", "its exceptions crash the process and no caller can await it; return Task instead"));

        [Fact]
        public Task Catch_all_body_that_nobody_references_returns_Task()
            => VerifyFix(
                Code("""
                    private async {|AG0005:void|} Refresh()
                    {
                        try { await SaveAsync("x"); }
                        catch { }
                    }
                """),
                Code("""
                    private async Task Refresh()
                    {
                        try { await SaveAsync("x"); }
                        catch { }
                    }
                """),
                "AsyncGuard.AG0005");

        [Fact]
        public Task Callbacks_handed_over_whose_whole_body_catches_every_exception_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async void OnTimer(object? state)
                {
                    try { await SaveAsync("t"); }
                    catch (Exception) { }
                }

                async {|AG0005:void|} OnlyIo(object? state)
                {
                    try { await SaveAsync("t"); }
                    catch (System.IO.IOException) { }
                }

                Timer Start() => new Timer(OnTimer, null, 0, 1000);

                Timer StartLambda() => new Timer(async _ =>
                {
                    try { await SaveAsync("x"); }
                    catch { }
                }, null, 0, 1000);

                void Local(CancellationToken token)
                {
                    token.Register(Tick);
                    async void Tick()
                    {
                        try { await SaveAsync("x"); }
                        catch { }
                    }
                }

                void ForEach(List<string> items)
                {
                    items.ForEach({|AG0005:async i =>|}
                    {
                        try { await SaveAsync(i); }
                        catch { }
                    });
                }
            """));

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
        public Task Half_typed_code_does_not_throw()
            => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
                async {|AG0005:void|} M(
                void N(List<string> items) { items.ForEach(async x => ); }
            """));
    }
}
