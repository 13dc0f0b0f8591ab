using System.Threading.Tasks;
using Xunit;
using Blocking = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.BlockingTaskAnalyzer, AsyncGuard.CodeFixes.BlockingTaskCodeFix>;
using Counterpart = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;
using DualFix = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>
    /// Dual sync/async methods: a mode flag chooses the async or the sync call of one operation. Calls reached only
    /// with the flag false are the sync side (silent); calls that run with the flag true are real blocking calls.
    /// </summary>
    public class DualSyncAsyncTests
    {
        private const string Usings = "using System;\nusing System.Data.Common;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        [Fact]
        public Task Sync_side_of_a_mode_flag_is_not_flagged()
            => Counterpart.VerifyAnalyzerAsync(Code("""
                async Task<bool> Read(DbDataReader reader, bool async, CancellationToken ct)
                {
                    var first = async ? await reader.ReadAsync(ct) : reader.Read();
                    if (!async)
                    {
                        reader.NextResult();
                    }
                    else
                    {
                        await reader.NextResultAsync(ct);
                    }
                    if (async == false) reader.Read();
                    while (async ? await reader.NextResultAsync(ct) : reader.NextResult()) { }
                    return first;
                }

                async Task Flush(Stream stream, bool async, CancellationToken ct)
                {
                    if (async)
                    {
                        await stream.FlushAsync(ct);
                        return;
                    }
                    stream.Flush();
                }
            """));

        [Fact]
        public Task Sync_calls_that_run_when_the_flag_says_async_are_flagged()
            => Counterpart.VerifyAnalyzerAsync(Code("""
                async Task<bool> Read(DbDataReader reader, bool async, CancellationToken ct)
                {
                    try
                    {
                        if (async) await reader.ReadAsync(ct); else reader.Read();
                        {|AG0002:reader.NextResult()|};
                        return {|AG0002:reader.Read()|} && reader.FieldCount > 0;
                    }
                    finally
                    {
                        {|AG0002:reader.Close()|};
                    }
                }

                async Task<int> Passed(Stream stream, byte[] buffer, bool async, CancellationToken ct)
                {
                    // No branch on the flag here: everything runs in async mode too.
                    await Passed(stream, buffer, async, ct);
                    return {|AG0002:stream.Read(buffer, 0, 1)|};
                }

                async Task<int> InLocalFunction(Stream stream, byte[] buffer, bool async, CancellationToken ct)
                {
                    if (async) await stream.FlushAsync(ct); else stream.Flush();
                    return await Local();

                    async Task<int> Local()
                    {
                        await Task.Yield();
                        return {|AG0002:new StreamReader(stream).ReadToEnd()|}.Length;
                    }
                }
            """));

        [Fact]
        public Task Mode_flag_fields_and_negated_early_exits_are_recognised()
            => Counterpart.VerifyAnalyzerAsync(Code("""
                private readonly bool _isAsync;
                async Task Write(Stream stream, byte[] data, CancellationToken ct)
                {
                    if (!_isAsync)
                    {
                        stream.Write(data, 0, data.Length);
                        return;
                    }
                    await stream.WriteAsync(data, 0, data.Length, ct);
                }

                async Task Mixed(Stream stream, byte[] data, CancellationToken ct)
                {
                    if (_isAsync) await stream.WriteAsync(data, 0, data.Length, ct); else stream.Write(data, 0, data.Length);
                    if (!_isAsync && data.Length > 0) stream.Flush();
                    if (_isAsync && data.Length > 0) {|AG0002:stream.Flush()|};
                }
            """));

        [Fact]
        public Task A_plain_boolean_is_not_a_mode_flag()
            => Counterpart.VerifyAnalyzerAsync(Code("""
                sealed class Item { public bool IsFolder { get; set; } public string Path { get; set; } = ""; }

                async Task Copy(Item item, bool force, Stream source, Stream target, CancellationToken ct)
                {
                    if (item.IsFolder)
                    {
                        await Task.Delay(1, ct);
                    }
                    else
                    {
                        {|AG0002:source.CopyTo(target)|};
                    }

                    if (force) await Task.Delay(1, ct); else {|AG0002:target.Flush()|};
                }
            """));

        [Fact]
        public Task Blocking_on_a_task_follows_the_same_flag_rules()
            => Blocking.VerifyAnalyzerAsync(Code("""
                async Task Refresh(Task refresh, Task<int> other, bool async)
                {
                    if (async)
                        await refresh.ConfigureAwait(false);
                    else
                        refresh.GetAwaiter().GetResult();

                    // Runs in both modes: the async callers block here.
                    var x = {|AG0001:other.Result|};
                }

                async Task<int> NotAFlag(Task<int> t, bool cached)
                {
                    if (cached) { await Task.Yield(); return 0; }
                    return {|AG0001:t.Result|};
                }
            """));
    

        [Fact]
        public Task The_fix_writes_the_dual_form_and_keeps_the_sync_path()
            => DualFix.VerifyCodeFixAsync(
                Code("""
                    async Task<bool> Read(DbDataReader reader, bool async, CancellationToken ct)
                    {
                        if (async) await reader.ReadAsync(ct); else reader.Read();
                        {|AG0002:reader.NextResult()|};
                        if (reader.FieldCount > 0)
                            {|AG0002:reader.NextResult()|};
                        return {|AG0002:reader.Read()|} && reader.FieldCount > 0;
                    }
                """),
                Code("""
                    async Task<bool> Read(DbDataReader reader, bool async, CancellationToken ct)
                    {
                        if (async) await reader.ReadAsync(ct); else reader.Read();
                        if (async)
                            await reader.NextResultAsync(ct);
                        else
                            reader.NextResult();
                        if (reader.FieldCount > 0)
                        {
                            if (async)
                                await reader.NextResultAsync(ct);
                            else
                                reader.NextResult();
                        }
                        return (async ? await reader.ReadAsync(ct) : reader.Read()) && reader.FieldCount > 0;
                    }
                """));

        [Fact]
        public Task No_fix_where_the_dual_form_cannot_be_written()
            => Counterpart.VerifyCodeFixAsync(
                Code("""
                    async Task Read(DbCommand command, DbDataReader reader, bool async, CancellationToken ct)
                    {
                        if (async) await reader.ReadAsync(ct); else reader.Read();
                        using var second = {|AG0002:command.ExecuteReader()|};
                    }
                """),
                Code("""
                    async Task Read(DbCommand command, DbDataReader reader, bool async, CancellationToken ct)
                    {
                        if (async) await reader.ReadAsync(ct); else reader.Read();
                        using var second = {|AG0002:command.ExecuteReader()|};
                    }
                """));
    }
}
