using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>AG0002 on disposal that does IO: Dispose()/Close() and plain using of readers, connections, streams.</summary>
    public class IoDisposalTests
    {
        private const string Usings = "using System;\nusing System.Data.Common;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        [Fact]
        public Task Explicit_disposal_of_io_types_awaits_the_async_form()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task M(DbConnection connection, DbDataReader reader, string path)
                    {
                        await Task.Yield();
                        {|AG0002:reader.Dispose()|};
                        {|AG0002:connection.Close()|};
                        var file = File.OpenWrite(path);
                        {|AG0002:file.Close()|};
                    }
                """),
                Code("""
                    async Task M(DbConnection connection, DbDataReader reader, string path)
                    {
                        await Task.Yield();
                        await reader.DisposeAsync();
                        await connection.CloseAsync();
                        var file = File.OpenWrite(path);
                        await file.DisposeAsync();
                    }
                """));

        [Fact]
        public Task Plain_using_of_io_resources_becomes_await_using()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(DbCommand command, string path, CancellationToken ct)
                    {
                        [|using var reader = await command.ExecuteReaderAsync(ct);|]
                        [|using (var writer = new StreamWriter(path))|]
                        {
                            await writer.WriteLineAsync("x");
                        }
                        [|using (reader)|] { }
                        return 1;
                    }
                """),
                Code("""
                    async Task<int> M(DbCommand command, string path, CancellationToken ct)
                    {
                        await using var reader = await command.ExecuteReaderAsync(ct);
                        await using (var writer = new StreamWriter(path))
                        {
                            await writer.WriteLineAsync("x");
                        }
                        await using (reader) { }
                        return 1;
                    }
                """));

        [Fact]
        public Task In_memory_resources_commands_sync_code_and_dual_sides_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task M(DbConnection connection, DbDataReader reader, bool async, CancellationToken ct)
                {
                    using var memory = new MemoryStream();
                    Stream other = new MemoryStream();
                    other.Dispose();
                    using (var text = new StringWriter()) { await text.WriteAsync("x"); }
                    using (var overMemory = new StreamWriter(memory, leaveOpen: true)) { await overMemory.WriteAsync("x"); }
                    using var command = connection.CreateCommand();
                    command.Dispose();
                    await using var second = await command.ExecuteReaderAsync(ct);
                    if (async) await reader.DisposeAsync(); else reader.Dispose();
                    if (async) await reader.ReadAsync(ct); else reader.Read();

                    // NetworkStream inherits Stream.DisposeAsync, which only calls Dispose: nothing to gain.
                    var network = new System.Net.Sockets.NetworkStream(new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp));
                    network.Dispose();
                }

                void Sync(DbDataReader reader, string path)
                {
                    using var file = File.OpenRead(path);
                    reader.Dispose();
                }
            """));

        [Fact]
        public Task A_file_stream_opened_only_for_reading_has_nothing_to_flush()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task M(string path, FileInfo info)
                {
                    await Task.Yield();
                    using (var read = File.OpenRead(path)) { }
                    using var opened = File.Open(path, FileMode.Open, FileAccess.Read);
                    using var created = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
                    using var fromInfo = info.OpenRead();
                    using Stream withOptions = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Options = FileOptions.Asynchronous });
                    using var named = File.Open(path, new FileStreamOptions { Access = FileAccess.Read });
                    var local = File.OpenRead(path);
                    local.Dispose();
                    Stream other = new FileStream(path, FileMode.Open, FileAccess.Read);
                    using (other) { }
                }
            """));

        [Fact]
        public Task A_file_stream_that_can_write_is_still_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task M(string path, FileAccess access, FileStreamOptions options)
                {
                    await Task.Yield();
                    [|using (var readWrite = new FileStream(path, FileMode.Open))|] { }
                    [|using var written = File.Open(path, FileMode.Open, FileAccess.ReadWrite);|]
                    [|using var unknown = new FileStream(path, FileMode.Open, access);|]
                    [|using var passed = new FileStream(path, options);|]
                    [|using var writeOptions = new FileStream(path, new FileStreamOptions { Access = FileAccess.Write, Mode = FileMode.Create });|]
                    var reassigned = File.OpenRead(path);
                    reassigned = File.OpenWrite(path);
                    {|AG0002:reassigned.Dispose()|};
                    var write = File.OpenWrite(path);
                    {|AG0002:write.Close()|};
                }
            """));

        [Fact]
        public Task A_private_field_that_only_holds_streams_over_memory_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + """
                using System.IO.Compression;

                class Client
                {
                    private MemoryStream? _compressed;
                    private DeflateStream? _decompressor;
                    private Stream _buffer = new MemoryStream();
                    private DeflateStream? _network;
                    private GZipStream? _written;

                    void Connect(Stream network, Stream target)
                    {
                        _compressed?.Dispose();
                        _decompressor?.Dispose();
                        _compressed = new MemoryStream();
                        _decompressor = new DeflateStream(_compressed, CompressionMode.Decompress);
                        _network = new DeflateStream(network, CompressionMode.Decompress);
                        _written = null;
                        _written ??= new GZipStream(target, CompressionLevel.Fastest);
                    }

                    async Task Close()
                    {
                        await Task.Yield();
                        _decompressor?.Dispose();
                        _buffer.Dispose();
                        _network?{|AG0002:.Dispose()|};
                        _written?{|AG0002:.Dispose()|};
                    }
                }
                """);

        [Fact]
        public Task A_private_field_is_not_in_memory_when_any_mention_assigns_it_other_io()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Client
                {
                    private Stream? _thisAssigned = new MemoryStream();
                    private Stream? _passedByRef = new MemoryStream();
                    private Stream? _commented = new MemoryStream();

                    void Connect(Stream network)
                    {
                        this._thisAssigned = network;
                        Open(ref _passedByRef);
                        // _commented = network;
                        var text = "_commented = network";
                    }

                    static void Open(ref Stream? stream) { }

                    async Task Close()
                    {
                        await Task.Yield();
                        _thisAssigned?{|AG0002:.Dispose()|};
                        _passedByRef?{|AG0002:.Dispose()|};
                        _commented?.Dispose();
                    }
                }

                class Escaped
                {
                    private Stream? _network = new MemoryStream();

                    void Connect(Stream network) => \u005Fnetwork = network;

                    async Task Close()
                    {
                        await Task.Yield();
                        _network?{|AG0002:.Dispose()|};
                    }
                }
                """);

        [Fact]
        public Task Disposal_in_dual_code_is_reported_when_it_runs_in_async_mode()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<bool> M(DbCommand command, bool async, CancellationToken ct)
                {
                    var reader = async ? await command.ExecuteReaderAsync(ct) : command.ExecuteReader();
                    try
                    {
                        return async ? await reader.ReadAsync(ct) : reader.Read();
                    }
                    finally
                    {
                        {|AG0002:reader.Dispose()|};
                    }
                }
            """));

        [Fact]
        public Task Conditional_disposal_of_io_types_awaits_the_async_form_when_not_null()
            => Verify.VerifyCodeFixAsync(
                "#nullable enable\n" + Code("""
                    private DbConnection? _connection;
                    private DbDataReader? _reader;
                    private DbDataReader? Current() => _reader;

                    async Task M(FileStream? file)
                    {
                        await Task.Yield();
                        file?{|AG0002:.Dispose()|};
                        this._reader?{|AG0002:.Dispose()|};
                        _connection?{|AG0002:.Close()|};
                        Current()?{|AG0002:.Dispose()|};
                    }
                """),
                "#nullable enable\n" + Code("""
                    private DbConnection? _connection;
                    private DbDataReader? _reader;
                    private DbDataReader? Current() => _reader;

                    async Task M(FileStream? file)
                    {
                        await Task.Yield();
                        if (file != null)
                        {
                            await file.DisposeAsync();
                        }
                        if (this._reader is { } reader)
                        {
                            await reader.DisposeAsync();
                        }
                        if (_connection is { } connection)
                        {
                            await connection.CloseAsync();
                        }
                        if (Current() is { } current)
                        {
                            await current.DisposeAsync();
                        }
                    }
                """));

        [Fact]
        public Task Conditional_disposal_of_a_field_reads_it_once_with_a_name_that_clashes_with_nothing()
            => Verify.VerifyCodeFixAsync(
                "#nullable enable\n" + Code("""
                    private FileStream? _file;
                    private FileStream? Log { get; set; }

                    async Task M(bool flush)
                    {
                        await Task.Yield();
                        var file = "name taken";
                        _file?{|AG0002:.Dispose()|};
                        if (flush)
                            Log?{|AG0002:.Dispose()|};
                    }
                """),
                "#nullable enable\n" + Code("""
                    private FileStream? _file;
                    private FileStream? Log { get; set; }

                    async Task M(bool flush)
                    {
                        await Task.Yield();
                        var file = "name taken";
                        if (_file is { } file2)
                        {
                            await file2.DisposeAsync();
                        }
                        if (flush)
                            if (Log is { } log)
                            {
                                await log.DisposeAsync();
                            }
                    }
                """));

        [Fact]
        public async Task Conditional_disposal_of_a_field_before_CSharp_8_tests_a_local_copy()
        {
            var test = new Verify.Test
            {
                TestCode = Code("""
                    private FileStream _file;

                    async Task M(bool flush)
                    {
                        await Task.Yield();
                        // Close the file.
                        _file?{|AG0002:.Dispose()|};
                        if (flush)
                            _file?{|AG0002:.Dispose()|};
                    }
                """),
                FixedCode = Code("""
                    private FileStream _file;

                    async Task M(bool flush)
                    {
                        await Task.Yield();
                        // Close the file.
                        var file = _file;
                        if (file != null)
                        {
                            await file.DisposeAsync();
                        }
                        if (flush)
                        {
                            var file2 = _file;
                            if (file2 != null)
                            {
                                await file2.DisposeAsync();
                            }
                        }
                    }
                """),
            };
            test.SolutionTransforms.Add((solution, projectId) =>
                solution.WithProjectParseOptions(projectId, ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!).WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3)));
            await test.RunAsync(System.Threading.CancellationToken.None);
        }

        [Fact]
        public Task Conditional_disposal_of_in_memory_types_commands_and_in_sync_code_is_not_flagged()
            => Verify.VerifyAnalyzerAsync("#nullable enable\n" + Code("""
                async Task M(MemoryStream? memory, StringWriter? text, DbCommand? command)
                {
                    await Task.Yield();
                    memory?.Dispose();
                    text?.Close();
                    command?.Dispose();
                }

                void Sync(DbDataReader? reader, FileStream? file)
                {
                    reader?.Dispose();
                    file?.Close();
                }
            """));

        [Fact]
        public Task Conditional_disposal_used_as_a_value_is_reported_without_a_fix()
        {
            var source = "#nullable enable\n" + Code("""
                async Task<bool> M(FileStream? file)
                {
                    await Task.Yield();
                    Action dispose = () => file?.Dispose();
                    lock (this)
                    {
                        file?{|AG0002:.Dispose()|};
                    }

                    return file != null;
                }
            """);
            return Verify.VerifyCodeFixAsync(source, source);
        }
    }
}
