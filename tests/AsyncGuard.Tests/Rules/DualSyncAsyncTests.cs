using System.Threading;
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

        /// <summary>AG0002 with methods async by contract counted as async code.</summary>
        private static Task VerifyByContractAsync(string source)
        {
            var test = new Counterpart.Test { TestCode = source };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0002.async_code = by_contract\n"));
            return test.RunAsync(CancellationToken.None);
        }

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
    

        // The sync side blocks on what the async side awaits only when it is the same expression: one as long but
        // another task is not the same operation, so the branch is no mode branch and the blocking is reported.
        [Fact]
        public Task Blocking_on_another_task_than_the_awaited_one_is_not_the_sync_side()
            => Blocking.VerifyAnalyzerAsync(Code("""
                async Task OtherTask(Task taskA, Task taskB, bool async)
                {
                    if (async)
                        await taskA;
                    else
                        {|AG0001:taskB.GetAwaiter().GetResult()|};
                }

                async Task<int> SameTask(Task<int> load, bool async)
                    => async ? await load.ConfigureAwait(false) : (load).Result;
            """));

        [Fact]
        public Task An_async_side_handed_to_another_method_makes_a_mode_flag()
            => Counterpart.VerifyAnalyzerAsync(Code("""
                async Task<int> Read(Stream stream, byte[] buffer, bool async, CancellationToken ct)
                {
                    if (async)
                        return await Fetch(stream, buffer, ct).ConfigureAwait(false);
                    return stream.Read(buffer, 0, buffer.Length);

                    static async Task<int> Fetch(Stream s, byte[] b, CancellationToken c) => await s.ReadAsync(b, 0, b.Length, c);
                }

                async Task Write(Stream stream, byte[] data, bool async, CancellationToken ct)
                {
                    if (async) await WriteCore(stream, data, ct); else stream.Write(data, 0, data.Length);

                    // After the branch: runs when the flag says async too.
                    {|AG0002:stream.Flush()|};
                }

                async Task WriteCore(Stream stream, byte[] data, CancellationToken ct) => await stream.WriteAsync(data, 0, data.Length, ct);

                async Task<int> Dispatch(Stream stream, byte[] buffer, bool async, CancellationToken ct)
                {
                    // A shared core run with the flag true holds the async form.
                    if (async)
                        return await Core(stream, buffer, async: true, ct);
                    return stream.Read(buffer, 0, buffer.Length);
                }

                async Task<int> Core(Stream stream, byte[] buffer, bool async, CancellationToken ct)
                    => async ? await stream.ReadAsync(buffer, 0, buffer.Length, ct) : stream.Read(buffer, 0, buffer.Length);
            """));

        [Fact]
        public Task A_handed_over_call_that_does_other_work_makes_no_mode_flag()
            => Counterpart.VerifyAnalyzerAsync(Code("""
                async Task<int> Read(Stream stream, byte[] buffer, bool cached, CancellationToken ct)
                {
                    if (cached)
                        return await Cached(ct);
                    return {|AG0002:stream.Read(buffer, 0, buffer.Length)|};

                    static async Task<int> Cached(CancellationToken c) { await Task.Delay(1, c); return 0; }
                }

                async Task<int> NotReturned(Stream stream, byte[] buffer, bool async, CancellationToken ct)
                {
                    if (async)
                    {
                        // Started, neither returned nor awaited: not the async side's result.
                        _ = Fetch(stream, buffer, ct);
                        return 0;
                    }
                    return {|AG0002:stream.Read(buffer, 0, buffer.Length)|};
                }

                static async Task<int> Fetch(Stream s, byte[] b, CancellationToken c) => await s.ReadAsync(b, 0, b.Length, c);
            """));

        [Fact]
        public Task A_field_flag_with_the_async_side_in_a_local_function_in_a_method_async_by_contract()
            => VerifyByContractAsync(Usings + """
                sealed class Scope
                {
                    private readonly bool _async;
                    private readonly Stream _stream;
                    public Scope(Stream stream, bool async) { _stream = stream; _async = async; }

                    public ValueTask Skip(byte[] buffer)
                    {
                        if (buffer.Length > 0)
                        {
                            if (_async)
                                return AsyncCore(_stream, buffer);

                            _stream.Read(buffer, 0, buffer.Length);
                        }
                        return default;

                        static async ValueTask AsyncCore(Stream stream, byte[] buffer)
                        {
                            await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
                        }
                    }

                    public ValueTask<int> Read(bool async, byte[] buffer)
                    {
                        return async ? ReadAsync(_stream, buffer) : new(Length(_stream.Read(buffer, 0, buffer.Length)));

                        static async ValueTask<int> ReadAsync(Stream stream, byte[] buffer) => Length(await stream.ReadAsync(buffer, 0, buffer.Length));
                        static int Length(int read) => read;
                    }

                    public ValueTask<int> Plain(bool fast, byte[] buffer)
                        => fast ? new(0) : new({|AG0002:_stream.Read(buffer, 0, buffer.Length)|});
                }
                """);

        [Fact]
        public Task A_branch_on_the_flag_and_a_condition_decides_when_the_sync_form_runs()
            => Counterpart.VerifyAnalyzerAsync(Code("""
                async Task<int> Read(Stream stream, byte[] buffer, bool async, bool streaming, CancellationToken ct)
                {
                    // In async mode only a streaming source is read asynchronously: the author's decision.
                    if (!(buffer.Length == 0) && async && streaming)
                        return await stream.ReadAsync(buffer, 0, buffer.Length, ct);

                    return stream.Read(buffer, 0, buffer.Length);
                }

                async Task Write(Stream stream, byte[] data, bool async, bool large, CancellationToken ct)
                {
                    if (async && large) await stream.WriteAsync(data, 0, data.Length, ct); else stream.Write(data, 0, data.Length);

                    // After the branch: runs when the flag says async too.
                    {|AG0002:stream.Flush()|};
                }

                async Task Unrelated(Stream stream, byte[] data, bool async, bool large, CancellationToken ct)
                {
                    // The two sides are not the two forms of one operation.
                    if (async && large)
                    {
                        await Task.Delay(1, ct);
                        return;
                    }
                    {|AG0002:stream.Write(data, 0, data.Length)|};
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
