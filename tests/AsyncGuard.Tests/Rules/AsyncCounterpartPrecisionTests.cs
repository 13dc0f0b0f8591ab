using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>AG0002 stays quiet where the "fix" would throw or gains nothing, and reports the same calls otherwise.</summary>
    public class AsyncCounterpartPrecisionTests
    {
        private const string Usings = "using System;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing System.Xml;\n";

        [Fact]
        public Task Xml_reader_without_the_async_opt_in_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Plain
                {
                    async Task<int> M(Stream input)
                    {
                        await Task.Yield();
                        using var reader = XmlReader.Create(input);
                        var n = 0;
                        while (reader.Read()) n++;
                        return n;
                    }
                }

                class OptedIn
                {
                    async Task<int> M(Stream input)
                    {
                        using var reader = XmlReader.Create(input, new XmlReaderSettings { Async = true });
                        var n = 0;
                        while ({|AG0002:reader.Read()|}) n++;
                        await Task.Yield();
                        return n;
                    }
                }
                """);

        [Fact]
        public Task Semaphore_wait_with_a_provably_zero_timeout_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    private static readonly TimeSpan NoWait = TimeSpan.Zero;
                    private readonly int _none = 0;
                    private readonly int _changed = 0;
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                    C(int wait) { _changed = wait; }

                    async Task M()
                    {
                        await Task.Yield();
                        _gate.Wait(NoWait);
                        _gate.Wait(_none);
                        {|AG0002:_gate.Wait(_changed)|};
                    }
                }
                """);
    }
}
