using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyBlocking = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.BlockingTaskAnalyzer, AsyncGuard.CodeFixes.BlockingTaskCodeFix>;
using VerifyCounterpart = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;
using VerifyFanOut = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.UnboundedFanOutAnalyzer, AsyncGuard.CodeFixes.UnboundedFanOutCodeFix>;
using VerifyVoid = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncVoidAnalyzer, AsyncGuard.CodeFixes.AsyncVoidCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>
    /// The rules against the reference assemblies of consumers without <c>Task.WaitAsync</c>,
    /// <c>Parallel.ForEachAsync</c> or <c>IAsyncDisposable</c>: netstandard2.0 and .NET Framework 4.7.2, with the C#
    /// version those targets get by default (7.3). A fix must not write an API or a language feature they lack; where
    /// it would need one, it is not offered and the diagnostic stays.
    /// </summary>
    public class OlderTargetTests
    {
        public static TheoryData<string> OlderTargets() => new TheoryData<string> { "netstandard2.0", "net472" };

        private static ReferenceAssemblies Assemblies(string target) => target == "net472"
            ? ReferenceAssemblies.NetFramework.Net472.Default
            : ReferenceAssemblies.NetStandard.NetStandard20;

        private static TTest On<TTest>(TTest test, string target)
            where TTest : CodeFixTest<DefaultVerifier>
        {
            test.ReferenceAssemblies = Assemblies(target);
            test.SolutionTransforms.Add((solution, projectId) =>
                solution.WithProjectParseOptions(projectId, new CSharpParseOptions(LanguageVersion.CSharp7_3)));
            return test;
        }

        [Theory]
        [MemberData(nameof(OlderTargets))]
        public async Task Result_becomes_await_on_every_target(string target)
        {
            const string source = """
                using System.Threading.Tasks;
                class C
                {
                    async Task<int> M(Task<int> t)
                    {
                        await Task.Yield();
                        return {|AG0001:t.Result|};
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;
                class C
                {
                    async Task<int> M(Task<int> t)
                    {
                        await Task.Yield();
                        return await t;
                    }
                }
                """;
            await On(new VerifyBlocking.Test { TestCode = source, FixedCode = fixedSource }, target).RunAsync(CancellationToken.None);
        }

        [Theory]
        [MemberData(nameof(OlderTargets))]
        public async Task Wait_with_a_token_is_reported_without_a_WaitAsync_fix(string target)
        {
            const string source = """
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    async Task M(Task t, CancellationToken ct)
                    {
                        await Task.Yield();
                        {|AG0001:t.Wait(ct)|};
                    }
                }
                """;
            await On(new VerifyBlocking.Test { TestCode = source, FixedCode = source }, target).RunAsync(CancellationToken.None);
        }

        [Theory]
        [MemberData(nameof(OlderTargets))]
        public async Task Parallel_ForEach_with_an_async_lambda_is_reported_without_a_ForEachAsync_fix(string target)
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;
                class C
                {
                    static Task SaveAsync(string item) => Task.CompletedTask;

                    async Task M(List<string> items)
                    {
                        await Task.Yield();
                        Parallel.ForEach(items, async item => await SaveAsync(item));
                    }
                }
                """;
            var test = On(new VerifyVoid.Test { TestCode = source, FixedCode = source }, target);
            test.ExpectedDiagnostics.Add(VerifyVoid.Diagnostic("AG0005").WithSpan(10, 33, 10, 46)
                .WithArguments("This async lambda", "its exceptions crash the process and no caller can await it; start a task per item and await Task.WhenAll instead"));
            await test.RunAsync(CancellationToken.None);
        }

        [Theory]
        [MemberData(nameof(OlderTargets))]
        public async Task Fan_out_without_results_gets_a_throttle_that_compiles_there(string target)
        {
            const string source = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    static Task SaveAsync(string item) => Task.CompletedTask;

                    async Task M(IEnumerable<string> items, CancellationToken ct)
                    {
                        await {|AG0003:Task.WhenAll(items.Select(item => SaveAsync(item)))|};
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    static Task SaveAsync(string item) => Task.CompletedTask;

                    async Task M(IEnumerable<string> items, CancellationToken ct)
                    {
                        var throttle = new SemaphoreSlim(8);
                        await Task.WhenAll(items.Select(async item =>
                        {
                            await throttle.WaitAsync(ct);
                            try
                            {
                                await SaveAsync(item);
                            }
                            finally
                            {
                                throttle.Release();
                            }
                        }));
                    }
                }
                """;
            await On(new VerifyFanOut.Test { TestCode = source, FixedCode = fixedSource }, target).RunAsync(CancellationToken.None);
        }

        [Theory]
        [MemberData(nameof(OlderTargets))]
        public async Task A_token_is_passed_only_to_overloads_that_take_one_there(string target)
        {
            // ReadToEndAsync and CopyToAsync(Stream) take no token before .NET 7 / .NET Core 2.0: the fix must not
            // pass one (by position or by name); ReadAsync(byte[], int, int, CancellationToken) exists everywhere.
            const string source = """
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    async Task<string> M(Stream input, Stream output, byte[] buffer, CancellationToken ct)
                    {
                        await Task.Yield();
                        var read = {|AG0002:input.Read(buffer, 0, buffer.Length)|};
                        {|AG0002:input.CopyTo(output)|};
                        var reader = new StreamReader(input);
                        return {|AG0002:reader.ReadToEnd()|} + read;
                    }
                }
                """;
            const string fixedSource = """
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    async Task<string> M(Stream input, Stream output, byte[] buffer, CancellationToken ct)
                    {
                        await Task.Yield();
                        var read = await input.ReadAsync(buffer, 0, buffer.Length, ct);
                        await input.CopyToAsync(output);
                        var reader = new StreamReader(input);
                        return await reader.ReadToEndAsync() + read;
                    }
                }
                """;
            await On(new VerifyCounterpart.Test { TestCode = source, FixedCode = fixedSource }, target).RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task A_reader_without_IAsyncDisposable_keeps_a_plain_using()
        {
            const string source = """
                using System.Data.Common;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    async Task<int> M(DbCommand command, CancellationToken ct)
                    {
                        await Task.Yield();
                        using (var reader = {|AG0002:command.ExecuteReader()|})
                        {
                            return reader.FieldCount;
                        }
                    }
                }
                """;
            const string fixedSource = """
                using System.Data.Common;
                using System.Threading;
                using System.Threading.Tasks;
                class C
                {
                    async Task<int> M(DbCommand command, CancellationToken ct)
                    {
                        await Task.Yield();
                        using (var reader = await command.ExecuteReaderAsync(ct))
                        {
                            return reader.FieldCount;
                        }
                    }
                }
                """;
            await On(new VerifyCounterpart.Test { TestCode = source, FixedCode = fixedSource }, "net472").RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task A_sync_API_without_an_async_counterpart_there_is_not_reported()
        {
            // File.ReadAllTextAsync does not exist on .NET Framework: nothing to switch to, nothing to report.
            const string source = """
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    async Task<string> M(string path)
                    {
                        await Task.Yield();
                        return File.ReadAllText(path);
                    }
                }
                """;
            await On(new VerifyCounterpart.Test { TestCode = source, FixedCode = source }, "net472").RunAsync(CancellationToken.None);
        }
    }
}
