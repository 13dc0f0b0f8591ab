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

        [Fact]
        public Task In_memory_streams_handed_to_a_call_are_not_flagged_and_IO_ones_are()
            => Verify.VerifyAnalyzerAsync(Usings + """
                using System.Text.Json;

                class C
                {
                    async Task M(Stream file, object value)
                    {
                        await Task.Yield();
                        using var memory = new MemoryStream();
                        JsonSerializer.Serialize(memory, value);
                        JsonSerializer.Serialize(new MemoryStream(), value);
                        memory.CopyTo(new MemoryStream());
                        {|AG0002:JsonSerializer.Serialize(file, value)|};
                        {|AG0002:memory.CopyTo(file)|};
                        {|AG0002:file.CopyTo(memory)|};
                    }
                }
                """);

        [Fact]
        public Task Column_reads_of_a_buffered_row_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + """
                using System.Data;
                using System.Data.Common;

                class Buffered
                {
                    async Task<int> M(DbDataReader reader, CancellationToken ct)
                    {
                        var n = 0;
                        while (await reader.ReadAsync(ct))
                        {
                            if (!reader.IsDBNull(0)) n += reader.GetFieldValue<int>(0) + reader.GetString(1).Length;
                        }

                        return n;
                    }
                }

                class Sequential
                {
                    async Task<int> M(DbCommand command, CancellationToken ct)
                    {
                        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
                        var n = 0;
                        while (await reader.ReadAsync(ct))
                        {
                            if (!{|AG0002:reader.IsDBNull(0)|}) n += {|AG0002:reader.GetFieldValue<int>(0)|};
                        }

                        return n;
                    }
                }
                """);

        [Fact]
        public Task Memoised_values_with_a_TryGet_form_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Tree
                {
                    public string GetText() => "";
                    public bool TryGetText(out string text) { text = ""; return true; }
                    public Task<string> GetTextAsync(CancellationToken ct = default) => Task.FromResult("");
                }

                class Remote
                {
                    public string GetText() => "";
                    public bool TryGetText(out int length) { length = 0; return true; }
                    public Task<string> GetTextAsync(CancellationToken ct = default) => Task.FromResult("");
                }

                class C
                {
                    async Task<int> M(Tree tree, Remote remote)
                    {
                        await Task.Yield();
                        return tree.GetText().Length + {|AG0002:remote.GetText()|}.Length;
                    }
                }
                """);

        [Fact]
        public Task Siblings_that_only_wrap_the_call_in_a_completed_task_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Buffered
                {
                    public int Read(byte[] row) => row.Length;
                    public ValueTask<int> ReadAsync(byte[] row, CancellationToken ct = default) => new(Read(row));
                    public void Write(byte[] row) { }
                    public ValueTask WriteAsync(byte[] row, CancellationToken ct = default)
                    {
                        this.Write(row);
                        return default;
                    }
                }

                class Streaming
                {
                    public int Read(byte[] row) => row.Length;
                    public async ValueTask<int> ReadAsync(byte[] row, CancellationToken ct = default) { await Task.Yield(); return Read(row); }
                    public void Flush() => Flush(async: false).GetAwaiter().GetResult();
                    public Task FlushAsync() => Flush(async: true);
                    private Task Flush(bool async) => Task.CompletedTask;
                }

                class C
                {
                    async Task<int> M(Buffered buffered, Streaming streaming, byte[] row)
                    {
                        await Task.Yield();
                        buffered.Write(row);
                        {|AG0002:streaming.Flush()|};
                        return buffered.Read(row) + {|AG0002:streaming.Read(row)|};
                    }
                }
                """);

        [Fact]
        public Task Extension_siblings_that_only_hand_the_call_to_the_thread_pool_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + """
                static class CompletionExtensions
                {
                    public static Task SetResultAsync<T>(this TaskCompletionSource<T> source, T result) => Task.Run(() => source.SetResult(result));
                    public static Task<bool> TrySetExceptionAsync<T>(this TaskCompletionSource<T> source, Exception error) => Task.Run(() => source.TrySetException(error));
                }

                sealed class Store
                {
                    public Stream Stream { get; } = Stream.Null;
                    public void Save(byte[] data) => Stream.Write(data, 0, data.Length);
                }

                static class StoreExtensions
                {
                    // Its own async work, not the sync call moved elsewhere: a real counterpart.
                    public static Task SaveAsync(this Store store, byte[] data) => store.Stream.WriteAsync(data, 0, data.Length);
                }

                class C
                {
                    async Task M(TaskCompletionSource<int> done, Store store, byte[] data)
                    {
                        await Task.Yield();
                        done.SetResult(1);
                        done.TrySetException(new InvalidOperationException());
                        {|AG0002:store.Save(data)|};
                    }
                }
                """);

        [Fact]
        public Task A_sync_sibling_that_only_looks_up_memory_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + """
                using System.Collections.Generic;

                sealed class Role { }

                class Guild
                {
                    private readonly Dictionary<ulong, Role> _roles = new Dictionary<ulong, Role>();
                    private readonly Stream _stream = Stream.Null;
                    public int Count { get; set; }

                    // A cached lookup beside a fetch over the network.
                    public Role? GetRole(ulong id) => _roles.TryGetValue(id, out var role) ? role : null;
                    public Task<Role?> GetRoleAsync(ulong id) => Task.FromResult<Role?>(null);

                    public int GetCount() { if (Count > 0) return Count; return _roles.Count; }
                    public Task<int> GetCountAsync() => Task.FromResult(0);

                    // Calls that may block, a getter of its own, or an override that may differ: still reported.
                    public int Load() => _stream.Read(new byte[1], 0, 1);
                    public Task<int> LoadAsync() => _stream.ReadAsync(new byte[1], 0, 1);
                    public int Size { get { return (int)_stream.Length; } }
                    public int GetSize() => Size;
                    public Task<int> GetSizeAsync() => Task.FromResult(0);
                    public virtual Role? Find(ulong id) => _roles.TryGetValue(id, out var role) ? role : null;
                    public Task<Role?> FindAsync(ulong id) => Task.FromResult<Role?>(null);
                }

                class C
                {
                    async Task M(Guild guild)
                    {
                        await Task.Yield();
                        guild.GetRole(1);
                        guild.GetCount();
                        {|AG0002:guild.Load()|};
                        {|AG0002:guild.GetSize()|};
                        {|AG0002:guild.Find(1)|};
                    }
                }
                """);

        [Fact]
        public async Task A_sync_sibling_declared_in_another_project_is_taken_at_its_word()
        {
            // The other project is a compilation reference, as in the IDE: its syntax is there, its model is not.
            var test = new Verify.Test
            {
                TestCode = Usings + """
                    class C
                    {
                        async Task M(Library.Guild guild)
                        {
                            await Task.Yield();
                            {|AG0002:guild.GetRole(1)|};
                        }
                    }
                    """,
            };
            test.TestState.AdditionalProjects["Library"].Sources.Add(("Guild.cs", """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                namespace Library
                {
                    public sealed class Guild
                    {
                        private readonly Dictionary<ulong, string> _roles = new Dictionary<ulong, string>();
                        public string GetRole(ulong id) => _roles.TryGetValue(id, out var role) ? role : "";
                        public Task<string> GetRoleAsync(ulong id) => Task.FromResult("");
                    }
                }
                """));
            test.TestState.AdditionalProjectReferences.Add("Library");
            await test.RunAsync(System.Threading.CancellationToken.None);
        }
    }
}
