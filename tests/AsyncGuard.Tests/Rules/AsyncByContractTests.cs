using System.Threading;
using System.Threading.Tasks;
using Xunit;
using VerifyBlocking = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.BlockingTaskAnalyzer, AsyncGuard.CodeFixes.BlockingTaskCodeFix>;
using VerifyCounterpart = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>
    /// AG0001 and AG0002 in methods async by contract: returning Task, ValueTask or IAsyncEnumerable without
    /// <c>async</c>. Reported (without a fix: <c>await</c> cannot be written there) when the option says by_contract.
    /// </summary>
    public class AsyncByContractTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Config(string value)
            => "root = true\n\n[*.cs]\nasyncguard.AG0001.async_code = " + value + "\nasyncguard.AG0002.async_code = " + value + "\n";

        // The fixed state equals the source: no fix is offered for these.
        private static Task VerifyCounterpartAsync(string source, string option)
            => Configured(new VerifyCounterpart.Test { TestCode = source, FixedCode = source }, option).RunAsync(CancellationToken.None);

        private static Task VerifyBlockingAsync(string source, string option)
            => Configured(new VerifyBlocking.Test { TestCode = source, FixedCode = source }, option).RunAsync(CancellationToken.None);

        private static TTest Configured<TTest>(TTest test, string option)
            where TTest : Microsoft.CodeAnalysis.Testing.CodeFixTest<Microsoft.CodeAnalysis.Testing.DefaultVerifier>
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", Config(option)));
            test.FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", Config(option)));
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
        public Task Blocking_calls_in_methods_async_by_contract_are_flagged_without_a_fix()
            => VerifyCounterpartAsync(Usings + BlockingCalls.Replace("[|", "{|AG0002:").Replace("|]", "|}"), "by_contract");

        [Fact]
        public Task With_async_keyword_only_methods_async_by_contract_are_not_flagged()
            => VerifyCounterpartAsync(Usings + BlockingCalls.Replace("[|", string.Empty).Replace("|]", string.Empty), "async_keyword");

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
        public Task Blocking_on_tasks_in_methods_async_by_contract_is_flagged_without_a_fix()
            => VerifyBlockingAsync(Usings + BlockedTasks.Replace("[|", "{|AG0001:").Replace("|]", "|}"), "by_contract");

        [Fact]
        public Task With_async_keyword_only_blocking_on_tasks_there_is_not_flagged()
            => VerifyBlockingAsync(Usings + BlockedTasks.Replace("[|", string.Empty).Replace("|]", string.Empty), "async_keyword");
    }
}
