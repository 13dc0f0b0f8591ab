using System.Threading;
using System.Threading.Tasks;
using Xunit;
using VerifyBlocking = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.BlockingTaskAnalyzer, AsyncGuard.CodeFixes.BlockingTaskCodeFix>;
using VerifyCounterpart = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>
    /// AG0001 and AG0002 in methods async by contract: returning Task, ValueTask or IAsyncEnumerable without
    /// <c>async</c>. Reported by default (option by_contract), not with async_keyword; made async in the light bulb only.
    /// </summary>
    public class AsyncByContractTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Config(string value)
            => "root = true\n\n[*.cs]\nasyncguard.AG0001.async_code = " + value + "\nasyncguard.AG0002.async_code = " + value + "\n";

        // The fixed state equals the source: Fix All with the rule's key (what `dotnet format` runs) changes nothing,
        // because making a method async is offered in the light bulb only.
        private static Task VerifyCounterpartAsync(string source, string? option)
            => Configured(new VerifyCounterpart.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = "AsyncGuard.AG0002" }, option).RunAsync(CancellationToken.None);

        private static Task VerifyBlockingAsync(string source, string? option)
            => Configured(new VerifyBlocking.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = "AsyncGuard.AG0001" }, option).RunAsync(CancellationToken.None);

        private static Task VerifyMadeAsync<TTest>(TTest test, string source, string fixedSource)
            where TTest : Microsoft.CodeAnalysis.Testing.CodeFixTest<Microsoft.CodeAnalysis.Testing.DefaultVerifier>
        {
            test.TestCode = source;
            test.FixedCode = fixedSource;
            test.CodeActionIndex = 0;
            // Offered one diagnostic at a time: it has no equivalence key, so Fix All never applies it.
            test.CodeFixTestBehaviors = Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipFixAllCheck;
            return Configured(test, "by_contract").RunAsync(CancellationToken.None);
        }

        /// <summary>The option set to <paramref name="option"/>, or left to its default when null.</summary>
        private static TTest Configured<TTest>(TTest test, string? option)
            where TTest : Microsoft.CodeAnalysis.Testing.CodeFixTest<Microsoft.CodeAnalysis.Testing.DefaultVerifier>
        {
            if (option != null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", Config(option)));
                test.FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", Config(option)));
            }

            return test;
        }

        private const string BlockingCalls = """
            class C
            {
                Task<string> GetAsync(string path)
                {
                    var text = [|File.ReadAllText(path)|];
                    return Task.FromResult(text);
                }

                ValueTask Pause()
                {
                    [|Thread.Sleep(10)|];
                    return default;
                }

                IAsyncEnumerable<string> Lines(string path) => Yield([|File.ReadAllLines(path)|]);

                static async IAsyncEnumerable<string> Yield(string[] lines)
                {
                    foreach (var line in lines) { await Task.Yield(); yield return line; }
                }

                Task<int> Outer(string path)
                {
                    return Local();

                    Task<int> Local() => Task.FromResult([|File.ReadAllBytes(path)|].Length);
                }

                // Not async code by any measure.
                int Sync(string path) => File.ReadAllText(path).Length;
                Func<Task> Later(string path) => () => { File.ReadAllText(path); return Task.CompletedTask; };

                // The counterpart is the method itself: a completed-task adapter of the sync form.
                public int Read(byte[] buffer) => buffer.Length;
                public Task<int> ReadAsync(byte[] buffer) => Task.FromResult(Read(buffer));
            }

            // Either overload of the counterpart is the method being written (the other one is inherited).
            class Prepared : TextReader
            {
                public override string? ReadLine() => null;
                public override Task<string?> ReadLineAsync() => Task.FromResult<string?>(ReadLine());
            }
            """;

        [Fact]
        public Task Blocking_calls_in_methods_async_by_contract_are_not_fixed_by_fix_all()
            => VerifyCounterpartAsync(Usings + BlockingCalls.Replace("[|", "{|AG0002:").Replace("|]", "|}"), "by_contract");

        [Fact]
        public Task By_default_methods_async_by_contract_are_async_code()
            => VerifyCounterpartAsync(Usings + BlockingCalls.Replace("[|", "{|AG0002:").Replace("|]", "|}"), option: null);

        [Fact]
        public Task With_async_keyword_only_methods_async_by_contract_are_not_flagged()
            => VerifyCounterpartAsync(Usings + BlockingCalls.Replace("[|", string.Empty).Replace("|]", string.Empty), "async_keyword");

        // Calls of different functions interleaved, in the order the rules meet them: each is judged by its own
        // function (the verdict per method is cached, so a wrong reuse of the last one would show here).
        [Fact]
        public Task Each_function_is_judged_on_its_own_as_calls_alternate_between_them()
            => VerifyCounterpart.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    void Sync(string p)
                    {
                        File.ReadAllText(p);
                        Func<Task> later = async () => { {|AG0002:File.ReadAllText(p)|}; await Task.Yield(); };
                        File.ReadAllText(p);
                        Task<int> ByContract() => Task.FromResult({|AG0002:File.ReadAllBytes(p)|}.Length);
                        File.ReadAllText(p);
                        int SyncLocal() => File.ReadAllBytes(p).Length;
                        File.ReadAllText(p);
                    }

                    Task<string> Contract(string p)
                    {
                        int SyncLocal() => File.ReadAllBytes(p).Length;
                        var n = SyncLocal() + {|AG0002:File.ReadAllBytes(p)|}.Length;
                        Action later = () => File.ReadAllText(p);
                        return Task.FromResult({|AG0002:File.ReadAllText(p)|} + n);
                    }

                    async Task Async(string p)
                    {
                        void SyncLocal() => File.ReadAllText(p);
                        {|AG0002:File.ReadAllText(p)|};
                        int Sync() => File.ReadAllBytes(p).Length;
                        await Task.Yield();
                        {|AG0002:File.ReadAllText(p)|};
                    }

                    int AfterAsync(string p) => File.ReadAllText(p).Length;
                }
                """);

        private const string BlockedTasks = """
            class C
            {
                Task<int> Next(Task<int> t) => Task.FromResult([|t.Result|] + 1);

                ValueTask Join(Task a, Task b)
                {
                    [|Task.WaitAll(a, b)|];
                    return default;
                }

                Task<int> Done(Task<int> t)
                {
                    if (t.IsCompleted) return Task.FromResult(t.Result);
                    return t;
                }

                int Sync(Task<int> t) => t.Result;
            }
            """;

        [Fact]
        public Task Blocking_on_tasks_in_methods_async_by_contract_is_not_fixed_by_fix_all()
            => VerifyBlockingAsync(Usings + BlockedTasks.Replace("[|", "{|AG0001:").Replace("|]", "|}"), "by_contract");

        [Fact]
        public Task By_default_blocking_on_tasks_in_methods_async_by_contract_is_flagged()
            => VerifyBlockingAsync(Usings + BlockedTasks.Replace("[|", "{|AG0001:").Replace("|]", "|}"), option: null);

        [Fact]
        public Task With_async_keyword_only_blocking_on_tasks_there_is_not_flagged()
            => VerifyBlockingAsync(Usings + BlockedTasks.Replace("[|", string.Empty).Replace("|]", string.Empty), "async_keyword");
    
        [Fact]
        public Task The_light_bulb_makes_the_method_async_and_unwraps_its_returns()
            => VerifyMadeAsync(
                new VerifyCounterpart.Test(),
                Usings + """
                class C
                {
                    Task<string> GetAsync(string path, bool cached)
                    {
                        if (cached)
                        {
                            return Task.FromResult("");
                        }

                        var text = {|AG0002:File.ReadAllText(path)|};
                        return Task.FromResult(text);
                    }

                    public ValueTask Pause()
                    {
                        {|AG0002:Thread.Sleep(10)|};
                        return default;
                    }

                    Task Save(string path, Task before)
                    {
                        {|AG0002:File.WriteAllText(path, "")|};
                        return before;
                    }

                    Task<int> Length(string path) => Task.FromResult({|AG0002:File.ReadAllText(path)|}.Length);
                }
                """,
                Usings + """
                class C
                {
                    async Task<string> GetAsync(string path, bool cached)
                    {
                        if (cached)
                        {
                            return "";
                        }

                        var text = await File.ReadAllTextAsync(path);
                        return text;
                    }

                    public async ValueTask Pause()
                    {
                        await Task.Delay(10);
                    }

                    async Task Save(string path, Task before)
                    {
                        await File.WriteAllTextAsync(path, "");
                        await before;
                    }

                    async Task<int> Length(string path) => (await File.ReadAllTextAsync(path)).Length;
                }
                """);

        [Fact]
        public Task The_light_bulb_makes_the_method_async_and_awaits_the_task()
            => VerifyMadeAsync(
                new VerifyBlocking.Test(),
                Usings + """
                class C
                {
                    Task<int> Next(Task<int> t) => Task.FromResult({|AG0001:t.Result|} + 1);

                    Task Join(Task a, Task b)
                    {
                        {|AG0001:Task.WaitAll(a, b)|};
                        return Task.CompletedTask;
                    }
                }
                """,
                Usings + """
                class C
                {
                    async Task<int> Next(Task<int> t) => await t + 1;

                    async Task Join(Task a, Task b)
                    {
                        await Task.WhenAll(a, b);
                    }
                }
                """);

        private const string CannotBeMadeAsync = """
        class C
        {
            // A Task returned from the middle of a body without a result: `return t;` has no async form.
            Task Early(string path, Task pending)
            {
                if (pending.IsCompleted)
                {
                    return pending;
                }

                {|AG0002:File.WriteAllText(path, "")|};
                return Task.CompletedTask;
            }

            // An out parameter: an async method cannot have one.
            Task<string> Read(string path, out int length)
            {
                var text = {|AG0002:File.ReadAllText(path)|};
                length = text.Length;
                return Task.FromResult(text);
            }

            // `return null` returns no task at all; an async method would return a completed one.
            Task<string> Maybe(string path)
            {
                if (path.Length == 0) return null;
                return Task.FromResult({|AG0002:File.ReadAllText(path)|});
            }

            // A span local: an async method cannot have one, which only compiling the result shows.
            Task<int> Sum(string path)
            {
                Span<byte> buffer = stackalloc byte[4];
                var text = {|AG0002:File.ReadAllText(path)|};
                return Task.FromResult(text.Length + buffer.Length);
            }

            // Half-typed code: a return that does not bind is no return the fix can rewrite (and nothing throws).
            Task<string> Typing(string path)
            {
                var text = {|AG0002:File.ReadAllText(path)|};
                return Task.FromResult({|CS0103:missing|});
            }

            // Not even the conditional-disposal rewrite: `await` cannot stand in the method as it is.
            Task Close(FileStream stream)
            {
                stream?{|AG0002:.Dispose()|};
                return Task.CompletedTask;
            }
        }
        """;

        [Fact]
        public Task No_light_bulb_where_the_method_cannot_be_made_async()
            => Configured(
                new VerifyCounterpart.Test
                {
                    TestCode = Usings + CannotBeMadeAsync,
                    FixedCode = Usings + CannotBeMadeAsync,
                    CodeActionIndex = 0,
                    CodeFixTestBehaviors = Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipFixAllCheck,
                },
                "by_contract").RunAsync(CancellationToken.None);
    }
}
