using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    public class AsyncCounterpartTests
    {
        private const string Usings = "using System;\nusing System.Data.Common;\nusing System.Diagnostics;\nusing System.IO;\nusing System.Linq;\nusing System.Net.Http;\nusing System.Text;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members, string extraTypes = "") => Usings + "class C\n{\n" + members + "\n}\n" + extraTypes;

        // ---- Well-known blocking APIs, with the exact fix ----

        [Fact]
        public Task File_api_gets_async_counterpart_with_token_and_parentheses()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(string path, CancellationToken ct)
                    {
                        var text = {|AG0002:File.ReadAllText(path)|};
                        {|AG0002:File.WriteAllText(path, text)|};
                        return {|AG0002:File.ReadAllLines(path)|}.Length;
                    }
                """),
                Code("""
                    async Task<int> M(string path, CancellationToken ct)
                    {
                        var text = await File.ReadAllTextAsync(path, ct);
                        await File.WriteAllTextAsync(path, text, ct);
                        return (await File.ReadAllLinesAsync(path, ct)).Length;
                    }
                """));

        [Fact]
        public Task Without_a_token_in_scope_the_optional_token_is_left_out()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<string> M(string path)
                    {
                        await Task.Yield();
                        return {|AG0002:File.ReadAllText(path)|};
                    }
                """),
                Code("""
                    async Task<string> M(string path)
                    {
                        await Task.Yield();
                        return await File.ReadAllTextAsync(path);
                    }
                """));

        [Fact]
        public Task Named_arguments_get_a_named_token()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task M(string p, CancellationToken token)
                    {
                        await Task.Yield();
                        {|AG0002:File.AppendAllText(contents: "x", path: p)|};
                    }
                """),
                Code("""
                    async Task M(string p, CancellationToken token)
                    {
                        await Task.Yield();
                        await File.AppendAllTextAsync(contents: "x", path: p, cancellationToken: token);
                    }
                """));

        [Fact]
        public Task Token_after_optional_parameters_is_passed_by_name()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Stream stream, int[] values, CancellationToken ct)
                    {
                        {|AG0002:System.Text.Json.JsonSerializer.Serialize(stream, values)|};
                        var back = {|AG0002:System.Text.Json.JsonSerializer.Deserialize<int[]>(stream)|};
                        using var document = {|AG0002:System.Text.Json.JsonDocument.Parse(stream)|};
                        return back!.Length + document.RootElement.GetArrayLength();
                    }
                """),
                Code("""
                    async Task<int> M(Stream stream, int[] values, CancellationToken ct)
                    {
                        await System.Text.Json.JsonSerializer.SerializeAsync(stream, values, cancellationToken: ct);
                        var back = await System.Text.Json.JsonSerializer.DeserializeAsync<int[]>(stream, cancellationToken: ct);
                        using var document = await System.Text.Json.JsonDocument.ParseAsync(stream, cancellationToken: ct);
                        return back!.Length + document.RootElement.GetArrayLength();
                    }
                """));

        [Fact]
        public Task Stream_array_calls_become_the_Memory_overloads()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Stream stream, byte[] buffer, CancellationToken ct)
                    {
                        var read = {|AG0002:stream.Read(buffer, 0, buffer.Length)|};
                        {|AG0002:stream.Write(buffer, 2, read - 2)|};
                        return read;
                    }
                """),
                Code("""
                    async Task<int> M(Stream stream, byte[] buffer, CancellationToken ct)
                    {
                        var read = await stream.ReadAsync(buffer, ct);
                        await stream.WriteAsync(buffer.AsMemory(2, read - 2), ct);
                        return read;
                    }
                """));

        [Fact]
        public Task Thread_Sleep_becomes_Task_Delay()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task M(CancellationToken ct)
                    {
                        {|AG0002:Thread.Sleep(100)|};
                        {|AG0002:Thread.Sleep(TimeSpan.FromSeconds(1))|};
                        await Task.Yield();
                    }

                    async Task N()
                    {
                        {|AG0002:Thread.Sleep(5)|};
                        await Task.Yield();
                    }
                """),
                Code("""
                    async Task M(CancellationToken ct)
                    {
                        await Task.Delay(100, ct);
                        await Task.Delay(TimeSpan.FromSeconds(1), ct);
                        await Task.Yield();
                    }

                    async Task N()
                    {
                        await Task.Delay(5);
                        await Task.Yield();
                    }
                """));

        [Fact]
        public Task SemaphoreSlim_Wait_becomes_WaitAsync_but_not_a_try_acquire()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    async Task<bool> M(CancellationToken ct)
                    {
                        {|AG0002:_gate.Wait()|};
                        var got = {|AG0002:_gate.Wait(100)|};
                        var free = _gate.Wait(0);
                        var alsoFree = _gate.Wait(TimeSpan.Zero);
                        await Task.Yield();
                        return got && free && alsoFree;
                    }
                """),
                Code("""
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    async Task<bool> M(CancellationToken ct)
                    {
                        await _gate.WaitAsync(ct);
                        var got = await _gate.WaitAsync(100, ct);
                        var free = _gate.Wait(0);
                        var alsoFree = _gate.Wait(TimeSpan.Zero);
                        await Task.Yield();
                        return got && free && alsoFree;
                    }
                """));

        [Fact]
        public Task Stream_reader_and_writer_calls()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Stream stream, StreamReader reader, StreamWriter writer, byte[] buffer, CancellationToken ct)
                    {
                        var n = {|AG0002:stream.Read(buffer, 0, buffer.Length)|};
                        {|AG0002:stream.Flush()|};
                        var all = {|AG0002:reader.ReadToEnd()|};
                        {|AG0002:writer.Write(all)|};
                        await Task.Yield();
                        return n;
                    }
                """),
                Code("""
                    async Task<int> M(Stream stream, StreamReader reader, StreamWriter writer, byte[] buffer, CancellationToken ct)
                    {
                        var n = await stream.ReadAsync(buffer, ct);
                        await stream.FlushAsync(ct);
                        var all = await reader.ReadToEndAsync(ct);
                        await writer.WriteAsync(all);
                        await Task.Yield();
                        return n;
                    }
                """));

        [Fact]
        public Task AdoNet_calls_and_using_declarations_become_await_using()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(DbConnection connection, DbCommand command, CancellationToken ct)
                    {
                        {|AG0002:connection.Open()|};
                        var count = (int){|AG0002:command.ExecuteScalar()|}!;
                        {|AG0002:command.ExecuteNonQuery()|};
                        using var reader = {|AG0002:command.ExecuteReader()|};
                        while ({|AG0002:reader.Read()|})
                        {
                            count++;
                        }
                        using (var second = {|AG0002:command.ExecuteReader()|})
                        {
                            {|AG0002:second.NextResult()|};
                        }
                        await Task.Yield();
                        return count;
                    }
                """),
                Code("""
                    async Task<int> M(DbConnection connection, DbCommand command, CancellationToken ct)
                    {
                        await connection.OpenAsync(ct);
                        var count = (int)(await command.ExecuteScalarAsync(ct))!;
                        await command.ExecuteNonQueryAsync(ct);
                        await using var reader = await command.ExecuteReaderAsync(ct);
                        while (await reader.ReadAsync(ct))
                        {
                            count++;
                        }
                        await using (var second = await command.ExecuteReaderAsync(ct))
                        {
                            await second.NextResultAsync(ct);
                        }
                        await Task.Yield();
                        return count;
                    }
                """));

        [Fact]
        public Task HttpClient_Send_and_Process_WaitForExit()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(HttpClient http, HttpRequestMessage request, Process process, CancellationToken ct)
                    {
                        using var response = {|AG0002:http.Send(request)|};
                        {|AG0002:process.WaitForExit()|};
                        await Task.Yield();
                        return (int)response.StatusCode;
                    }
                """),
                Code("""
                    async Task<int> M(HttpClient http, HttpRequestMessage request, Process process, CancellationToken ct)
                    {
                        using var response = await http.SendAsync(request, ct);
                        await process.WaitForExitAsync(ct);
                        await Task.Yield();
                        return (int)response.StatusCode;
                    }
                """));

        // ---- Sibling discovery on any type ----

        private const string UserTypes = """
            class Repository
            {
                public int Load(string id) => 0;
                public Task<int> LoadAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(0);
                public void Save(int value) { }
                public ValueTask SaveAsync(int value) => default;
                public T Get<T>(string key) => default!;
                public Task<T> GetAsync<T>(string key) => Task.FromResult(default(T)!);
            }
            class DerivedRepository : Repository { public string Name() => ""; }
            abstract class BaseStore { public Task<string> NameAsync() => Task.FromResult(""); }
            class Store : BaseStore { public string Name() => ""; }
            interface IFeed { string Next(); Task<string> NextAsync(CancellationToken cancellationToken); }
            class LegacyWebClient
            {
                public string DownloadString(string url) => url;
                public Task<string> DownloadStringTaskAsync(string url) => Task.FromResult(url);
            }
            class Client { public string Fetch(string url) => url; }
            static class ClientExtensions { public static Task<string> FetchAsync(this Client client, string url) => Task.FromResult(url); }
            """;

        [Fact]
        public Task Siblings_on_type_base_interface_extension_and_TaskAsync_names()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<string> M(Repository repo, DerivedRepository derived, Store store, IFeed feed, LegacyWebClient web, Client client, CancellationToken ct)
                    {
                        var a = {|AG0002:repo.Load("x")|};
                        {|AG0002:repo.Save(a)|};
                        var g = {|AG0002:repo.Get<string>("k")|};
                        var b = {|AG0002:derived.Load("y")|};
                        var c = {|AG0002:store.Name()|};
                        var d = {|AG0002:feed.Next()|};
                        var e = {|AG0002:web.DownloadString("u")|};
                        var f = {|AG0002:client.Fetch("v")|};
                        await Task.Yield();
                        return g + a + b + c + d + e + f;
                    }
                """, UserTypes),
                Code("""
                    async Task<string> M(Repository repo, DerivedRepository derived, Store store, IFeed feed, LegacyWebClient web, Client client, CancellationToken ct)
                    {
                        var a = await repo.LoadAsync("x", ct);
                        await repo.SaveAsync(a);
                        var g = await repo.GetAsync<string>("k");
                        var b = await derived.LoadAsync("y", ct);
                        var c = await store.NameAsync();
                        var d = await feed.NextAsync(ct);
                        var e = await web.DownloadStringTaskAsync("u");
                        var f = await client.FetchAsync("v");
                        await Task.Yield();
                        return g + a + b + c + d + e + f;
                    }
                """, UserTypes));

        [Fact]
        public Task Token_parameter_of_enclosing_lambda_or_local_is_used()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    Func<string, CancellationToken, Task<string>> Reader() => async (path, token) => {|AG0002:File.ReadAllText(path)|};

                    async Task M(string path)
                    {
                        using var source = new CancellationTokenSource();
                        CancellationToken local = source.Token;
                        {|AG0002:File.ReadAllBytes(path)|};
                        await Task.Yield();
                    }
                """),
                Code("""
                    Func<string, CancellationToken, Task<string>> Reader() => async (path, token) => await File.ReadAllTextAsync(path, token);

                    async Task M(string path)
                    {
                        using var source = new CancellationTokenSource();
                        CancellationToken local = source.Token;
                        await File.ReadAllBytesAsync(path, local);
                        await Task.Yield();
                    }
                """));

        [Fact]
        public Task Token_locals_are_found_in_each_declaration_form_and_only_where_in_scope_before_the_call()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task Declared(string path, CancellationTokenSource source)
                    {
                        var ct = source.Token;
                        {|AG0002:File.ReadAllBytes(path)|};
                        await Task.Yield();
                    }

                    async Task Pattern(string path, object state)
                    {
                        if (state is CancellationToken token)
                        {
                            {|AG0002:File.ReadAllBytes(path)|};
                        }

                        await Task.Yield();
                    }

                    async Task OutVariable(string path, System.Collections.Generic.Dictionary<string, CancellationToken> tokens)
                    {
                        if (tokens.TryGetValue(path, out var found))
                        {
                            {|AG0002:File.ReadAllBytes(path)|};
                        }

                        await Task.Yield();
                    }

                    async Task NotInScope(string path, CancellationTokenSource source)
                    {
                        {
                            var inner = source.Token;
                        }

                        {|AG0002:File.ReadAllBytes(path)|};
                        var later = source.Token;
                        await Task.Yield();
                    }
                """),
                Code("""
                    async Task Declared(string path, CancellationTokenSource source)
                    {
                        var ct = source.Token;
                        await File.ReadAllBytesAsync(path, ct);
                        await Task.Yield();
                    }

                    async Task Pattern(string path, object state)
                    {
                        if (state is CancellationToken token)
                        {
                            await File.ReadAllBytesAsync(path, token);
                        }

                        await Task.Yield();
                    }

                    async Task OutVariable(string path, System.Collections.Generic.Dictionary<string, CancellationToken> tokens)
                    {
                        if (tokens.TryGetValue(path, out var found))
                        {
                            await File.ReadAllBytesAsync(path, found);
                        }

                        await Task.Yield();
                    }

                    async Task NotInScope(string path, CancellationTokenSource source)
                    {
                        {
                            var inner = source.Token;
                        }

                        await File.ReadAllBytesAsync(path);
                        var later = source.Token;
                        await Task.Yield();
                    }
                """));

        [Fact]
        public Task Top_level_statements_with_await()
            => Verify.VerifyCodeFixAsync(
                """
                using System.IO;
                using System.Threading.Tasks;

                await Task.Yield();
                var text = {|AG0002:File.ReadAllText("a.txt")|};
                System.Console.WriteLine(text);
                """,
                """
                using System.IO;
                using System.Threading.Tasks;

                await Task.Yield();
                var text = await File.ReadAllTextAsync("a.txt");
                System.Console.WriteLine(text);
                """,
                OutputKind.ConsoleApplication);

        // ---- Negative: what must not be flagged ----

        [Fact]
        public Task Not_async_code_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                string Sync(string p) => File.ReadAllText(p);
                async Task<string[]> SyncLambdaInside(string[] paths)
                {
                    await Task.Yield();
                    Func<string, string> later = p => File.ReadAllText(p);
                    void Local() => Thread.Sleep(1);
                    return paths.Select(p => File.ReadAllText(p)).ToArray();
                }
            """));

        [Fact]
        public Task In_memory_types_and_console_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<string> M(byte[] data)
                {
                    await Task.Yield();
                    using var memory = new MemoryStream();
                    memory.Write(data, 0, data.Length);
                    memory.Flush();
                    Stream viaBase = new MemoryStream(data);
                    viaBase.Read(data, 0, 1);
                    var reader = new StringReader("a\nb");
                    var line = reader.ReadLine();
                    var all = reader.ReadToEnd();
                    var writer = new StringWriter();
                    writer.Write(line);
                    writer.Flush();
                    var builder = new StringBuilder().Append(all);
                    Console.WriteLine(builder.ToString());
                    Console.Out.Write("x");
                    Console.Out.Flush();
                    Console.Error.WriteLine("y");
                    return writer.ToString();
                }
            """));

        [Fact]
        public Task Mismatched_obsolete_inaccessible_and_disposal_siblings_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<string> M(Odd odd, MemoryStream stream, object value)
                {
                    await Task.Yield();
                    var json = System.Text.Json.JsonSerializer.Serialize(value);
                    var n = odd.Count() + odd.Old() + odd.Hidden() + odd.Param(1);
                    // Disposal of a type that is not known to do IO, or of an in-memory stream (see IoDisposalTests).
                    odd.Dispose();
                    stream.Dispose();
                    stream.Close();
                    return json + n;
                }
            """, """
                class Odd : IDisposable, IAsyncDisposable
                {
                    public int Count() => 0;
                    public Task<long> CountAsync() => Task.FromResult(0L);
                    public int Old() => 0;
                    [Obsolete] public Task<int> OldAsync() => Task.FromResult(0);
                    public int Hidden() => 0;
                    private Task<int> HiddenAsync() => Task.FromResult(0);
                    public int Param(int x) => x;
                    public Task<int> ParamAsync(string x) => Task.FromResult(0);
                    public void Dispose() { }
                    public ValueTask DisposeAsync() => default;
                }
                """));

        [Fact]
        public Task Counterpart_that_is_the_enclosing_method_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                public int Load(string id) => id.Length;
                public async Task<int> LoadAsync(string id)
                {
                    await Task.Yield();
                    return Load(id);
                }
            """, """
                class Wrapper : Stream
                {
                    private readonly Stream _inner = Stream.Null;
                    public override async Task FlushAsync(CancellationToken cancellationToken)
                    {
                        await Task.Yield();
                        Flush();
                    }
                    public override void Flush() { }
                    public override int Read(byte[] buffer, int offset, int count) => 0;
                    public override long Seek(long offset, SeekOrigin origin) => 0;
                    public override void SetLength(long value) { }
                    public override void Write(byte[] buffer, int offset, int count) { }
                    public override bool CanRead => true;
                    public override bool CanSeek => false;
                    public override bool CanWrite => true;
                    public override long Length => 0;
                    public override long Position { get; set; }
                }
                """));

        [Fact]
        public Task Dual_sync_async_branches_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<bool> Read(DbDataReader reader, bool async, CancellationToken ct)
                {
                    var first = async ? await reader.ReadAsync(ct) : reader.Read();
                    if (async)
                    {
                        await reader.NextResultAsync(ct);
                    }
                    else
                    {
                        reader.NextResult();
                    }
                    return first;
                }
            """));

        [Fact]
        public Task Sync_path_chosen_by_a_flag_or_a_bool_async_parameter_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                async Task<int> Rent(Stream stream, byte[] buffer, bool async, CancellationToken ct)
                {
                    int read;
                    if (async)
                        read = await stream.ReadAsync(buffer, 0, 1, ct);
                    else
                    {
                        _gate.Wait(ct);
                        read = stream.Read(buffer, 0, 1);
                    }

                    return read + await Local();

                    async Task<int> Local()
                    {
                        await Task.Yield();
                        return {|AG0002:new StreamReader(stream).ReadToEnd()|}.Length;
                    }
                }

                async Task<int> Computed(Stream stream, byte[] buffer, int n)
                {
                    if (n > 2)
                        return await stream.ReadAsync(buffer, 0, 1);
                    return {|AG0002:stream.Read(buffer, 0, 1)|};
                }
            """));

        [Fact]
        public Task Cancelling_a_token_source_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task M(CancellationTokenSource source)
                {
                    await Task.Yield();
                    source.Cancel();
                }
            """));

        [Fact]
        public Task Task_members_are_left_to_AG0001()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task M(Task t, CancellationToken ct)
                {
                    t.Wait(ct);
                    await Task.Yield();
                }
            """));

        // ---- Configuration ----

        [Fact]
        public async Task Excluded_apis_from_editorconfig_and_additional_file_are_not_flagged()
        {
            var test = new Verify.Test
            {
                TestCode = Code("""
                    async Task M(string p, Repository repo)
                    {
                        await Task.Yield();
                        File.ReadAllText(p);
                        repo.Load("x");
                        {|AG0002:File.ReadAllBytes(p)|};
                    }
                """, UserTypes),
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0002.excluded_apis = System.IO.File.ReadAllText\n"));
            test.TestState.AdditionalFiles.Add(("/AsyncGuard.BlockingApis.txt", "# ours\n!Repository\n"));
            test.FixedCode = Code("""
                    async Task M(string p, Repository repo)
                    {
                        await Task.Yield();
                        File.ReadAllText(p);
                        repo.Load("x");
                        await File.ReadAllBytesAsync(p);
                    }
                """, UserTypes);
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Extra_blocking_api_from_additional_file_is_replaced()
        {
            const string Vendor = """
                namespace Vendor
                {
                    public static class SyncApi { public static string Get(string key) => key; }
                    public static class AsyncApi { public static Task<string> FetchAsync(string key, CancellationToken cancellationToken) => Task.FromResult(key); }
                }
                """;
            var test = new Verify.Test
            {
                TestCode = Code("""
                    async Task<string> M(CancellationToken ct)
                    {
                        await Task.Yield();
                        return {|AG0002:Vendor.SyncApi.Get("k")|};
                    }
                """, Vendor),
                FixedCode = Code("""
                    async Task<string> M(CancellationToken ct)
                    {
                        await Task.Yield();
                        return await Vendor.AsyncApi.FetchAsync("k", ct);
                    }
                """, Vendor),
            };
            test.TestState.AdditionalFiles.Add(("/AsyncGuard.BlockingApis.txt", "Vendor.SyncApi.Get => Vendor.AsyncApi.FetchAsync\n"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Half_typed_code_does_not_throw()
            => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
                async Task M(string p, Stream s)
                {
                    var x = File.ReadAllText(
                    s.Read(
                    Thread.Sleep(
                    File.
                }
                async Task N(string p) => {|AG0002:File.ReadAllText(p)|}
            """));
    }
}
