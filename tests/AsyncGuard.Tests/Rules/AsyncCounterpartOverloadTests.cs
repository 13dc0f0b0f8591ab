using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>
    /// AG0002 finds the counterpart the compiler would bind for the call's own arguments: converted arguments,
    /// inferred type arguments within their constraints, extension and instance siblings; and nothing else.
    /// </summary>
    public class AsyncCounterpartOverloadTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Code(string members) => Usings + "class C\n{\n" + members + "\n}\n";

        private static Task VerifyNoFix(string source) => Verify.VerifyCodeFixAsync(source, source);

        [Fact]
        public Task Span_overloads_called_with_an_array_become_the_Memory_overloads()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Stream stream, byte[] buffer, CancellationToken ct)
                    {
                        var read = {|AG0002:stream.Read(buffer)|};
                        {|AG0002:stream.Write(buffer)|};
                        return read;
                    }
                """),
                Code("""
                    async Task<int> M(Stream stream, byte[] buffer, CancellationToken ct)
                    {
                        var read = await stream.ReadAsync(buffer, ct);
                        await stream.WriteAsync(buffer, ct);
                        return read;
                    }
                """));

        [Fact]
        public Task Span_argument_written_AsSpan_is_reported_without_a_fix()
            => VerifyNoFix(Code("""
                async Task M(Stream stream, byte[] buffer, string text, TextWriter writer, int n)
                {
                    await Task.Yield();
                    {|AG0002:stream.Write(buffer.AsSpan(0, n))|};
                    {|AG0002:writer.Write(text.AsSpan(1))|};
                }
            """));

        [Fact]
        public Task Span_that_cannot_become_memory_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task M(Stream stream)
                {
                    await Task.Yield();
                    stream.Write("ok"u8);
                    stream.Write(stackalloc byte[4]);
                    Span<byte> Local() => new byte[2];
                    stream.Write(Local());
                }
            """));

        [Fact]
        public Task Async_stream_counterpart_is_reported_without_a_fix()
            => VerifyNoFix(Code("""
                async Task<int> M(string path, Store store)
                {
                    var n = 0;
                    foreach (var line in {|AG0002:File.ReadLines(path)|}) n += line.Length;
                    foreach (var row in {|AG0002:store.Rows()|}) n += row;
                    foreach (var name in store.Names()) n += name.Length;
                    return n;
                }

                public sealed class Store
                {
                    public IEnumerable<int> Rows() => new[] { 1 };
                    public IAsyncEnumerable<int> RowsAsync() => throw new NotImplementedException();
                    public IEnumerable<string> Names() => new[] { "a" };
                    public IAsyncEnumerable<object> NamesAsync() => throw new NotImplementedException();
                }
            """));

        private const string Codec = """

                    public sealed class Codec
                    {
                        public static int Decode(byte[] data) => data.Length;
                        public static Task<int> DecodeAsync(Stream data, CancellationToken ct) => Task.FromResult(0);
                        public void Post(Span<byte> data) { }
                        public Task PostAsync(Memory<byte> data, CancellationToken ct) => Task.CompletedTask;
                        public void Send(int value) { }
                        public Task SendAsync<T>(T value, CancellationToken ct) => Task.CompletedTask;
                    }
                """;

        [Fact]
        public Task Sibling_whose_parameters_the_arguments_do_not_convert_to_is_not_flagged_a_generic_one_is()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Codec codec, byte[] data, int value, CancellationToken ct)
                    {
                        await Task.Yield();
                        Span<byte> Local() => data;
                        codec.Post(Local());
                        {|AG0002:codec.Send(value)|};
                        return Codec.Decode(data);
                    }
                """ + Codec),
                Code("""
                    async Task<int> M(Codec codec, byte[] data, int value, CancellationToken ct)
                    {
                        await Task.Yield();
                        Span<byte> Local() => data;
                        codec.Post(Local());
                        await codec.SendAsync(value, ct);
                        return Codec.Decode(data);
                    }
                """ + Codec));

        private const string Client = """

                    public readonly struct Big { public readonly long A, B, C, D; }

                    public sealed class Client
                    {
                        public int Get(int id) => id;
                        public Task<int> GetAsync(long id, CancellationToken ct = default) => Task.FromResult((int)id);
                        public int Measure(in Big big) => 1;
                        public Task<int> MeasureAsync(Big big, CancellationToken ct) => Task.FromResult(1);
                    }
                """;

        [Fact]
        public Task Arguments_that_convert_to_the_siblings_parameters_find_it()
            => Verify.VerifyCodeFixAsync(
                Code("""
                    async Task<int> M(Client client, int id, Big big, CancellationToken ct)
                    {
                        var a = {|AG0002:client.Get(id)|};
                        return a + {|AG0002:client.Measure(big)|};
                    }
                """ + Client),
                Code("""
                    async Task<int> M(Client client, int id, Big big, CancellationToken ct)
                    {
                        var a = await client.GetAsync(id, ct);
                        return a + await client.MeasureAsync(big, ct);
                    }
                """ + Client));

        private const string Storage = """
                static class Storage
                {
                    public static T Load<T>(this Repository repository, string key) => default!;
                    public static Task<T> LoadAsync<T>(this Repository repository, string key, CancellationToken ct) => Task.FromResult<T>(default!);
                    public static int Count(this Repository repository) => 0;
                }

                class Repository
                {
                    public Task<int> CountAsync(CancellationToken ct) => Task.FromResult(0);
                }

                """;

        [Fact]
        public Task Generic_and_extension_siblings_are_found_as_the_compiler_binds_them()
            => Verify.VerifyCodeFixAsync(
                Usings + Storage + """
                class C
                {
                    async Task<int> M(Repository repository, CancellationToken ct)
                    {
                        var text = {|AG0002:repository.Load<string>("a")|};
                        return text.Length + {|AG0002:repository.Count()|};
                    }
                }
                """,
                Usings + Storage + """
                class C
                {
                    async Task<int> M(Repository repository, CancellationToken ct)
                    {
                        var text = await repository.LoadAsync<string>("a", ct);
                        return text.Length + await repository.CountAsync(ct);
                    }
                }
                """);

        [Fact]
        public Task Siblings_the_call_cannot_bind_to_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + """
                static class Storage
                {
                    public static T Load<T>(this Box<T> box) => default!;
                    public static Task<T> LoadAsync<T>(this Box<T> box) where T : class => Task.FromResult<T>(default!);
                    public static int Size(this Animal animal) => 0;
                    public static Task<int> SizeAsync(this Dog dog) => Task.FromResult(0);
                }

                class Box<T> { }
                class Animal { public int Legs() => 4; }
                class Dog : Animal { public Task<int> LegsAsync() => Task.FromResult(4); }

                class Codec
                {
                    public T Read<T>(T value) => value;
                    public Task<T> ReadAsync<T>(T value) where T : struct => Task.FromResult(value);
                    public int Parse(long value) => 0;
                    public Task<int> ParseAsync(int value) => Task.FromResult(0);
                    public int Name(object value) => 0;
                    public Task<string> NameAsync(object value) => Task.FromResult("");
                }

                class C
                {
                    async Task<int> M(Box<int> numbers, Animal animal, Codec codec, long wide)
                    {
                        await Task.Yield();
                        var n = numbers.Load();
                        n += animal.Size() + animal.Legs();
                        n += codec.Read("text").Length;
                        n += codec.Parse(wide);
                        return n + codec.Name(1);
                    }

                    async Task<int> Allowed(Box<string> names, Codec codec, Dog dog)
                    {
                        await Task.Yield();
                        var n = {|AG0002:names.Load()|}.Length + {|AG0002:codec.Read(1)|};
                        return n + {|AG0002:dog.Size()|} + {|AG0002:dog.Legs()|};
                    }
                }
                """);

        [Fact]
        public Task Typeless_arguments_that_only_happen_to_bind_a_sibling_with_other_parameters_are_not_flagged()
            // Discord.Net: `Update(Model)` refreshes from a model in hand, `UpdateAsync(RequestOptions)` fetches from the
            // API; `Update(null)` binds both only because null converts to any class.
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Model { }
                class RequestOptions { }
                class Channel
                {
                    public void Update(Model model) { }
                    public Task UpdateAsync(RequestOptions options = null) => Task.CompletedTask;
                    public void Run(Action work) => work();
                    public Task RunAsync(Func<Task> work) => work();
                    public void Save(Model model) { }
                    public Task SaveAsync(Model model, CancellationToken ct = default) => Task.CompletedTask;
                }

                class C
                {
                    async Task M(Channel channel, CancellationToken ct)
                    {
                        await Task.Yield();
                        channel.Update(null);
                        channel.Update(default);
                        channel.Run(() => { });
                        {|AG0002:channel.Save(null)|};
                    }
                }
                """);

        [Fact]
        public Task Calls_without_a_receiver_and_span_arguments_find_only_what_binding_finds()
            // Read(buffer.Span) next to ReadAsync(Memory<char>, ct) and Decode(text.AsSpan()) next to DecodeAsync(Stream):
            // no sibling takes the arguments, also with the span written as memory; nor does Post(span) next to
            // PostAsync(Memory<byte>). Write(data.AsSpan(1)) on this, Get(id) (int to long) and Post(span) next to a local
            // function PostAsync(ReadOnlySpan<byte>) still bind one.
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Codec
                {
                    public static int Decode(ReadOnlySpan<char> text) => text.Length;
                    public static Task<int> DecodeAsync(Stream data, CancellationToken ct) => Task.FromResult(0);
                }

                class Source : Stream
                {
                    public override bool CanRead => true;
                    public override bool CanSeek => false;
                    public override bool CanWrite => true;
                    public override long Length => 0;
                    public override long Position { get; set; }
                    public override void Flush() { }
                    public override int Read(byte[] buffer, int offset, int count) => 0;
                    public override long Seek(long offset, SeekOrigin origin) => 0;
                    public override void SetLength(long value) { }
                    public override void Write(byte[] buffer, int offset, int count) { }
                    public int Get(int id) => id;
                    public Task<int> GetAsync(long id, CancellationToken ct = default) => Task.FromResult((int)id);
                    public void Post(Span<byte> data) => Flush();
                    public Task PostAsync(Memory<byte> data) => Task.CompletedTask;

                    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
                    {
                        await Task.Yield();
                        return Read(buffer.Span) + Codec.Decode("text".AsSpan());
                    }

                    async Task<int> Copy(byte[] data, int id)
                    {
                        await Task.Yield();
                        {|AG0002:Write(data.AsSpan(1))|};
                        return {|AG0002:Get(id)|};
                    }

                    async Task Send(byte[] data)
                    {
                        await Task.Yield();
                        Span<byte> Local() => data;
                        Post(Local());
                        await PostAsync(data);
                    }

                    async Task SendShadowed(byte[] data)
                    {
                        await Task.Yield();
                        Span<byte> Local() => data;
                        Task PostAsync(ReadOnlySpan<byte> bytes) => Task.CompletedTask;
                        {|AG0002:Post(Local())|};
                    }
                }
                """);

        [Fact]
        public Task Calls_inside_a_conditional_access_do_not_throw()
            => Verify.VerifyAnalyzerAsync(Code("""
                async Task<int> M(Holder? holder, byte[] buffer)
                {
                    await Task.Yield();
                    var n = holder?.Stream.Read(buffer) ?? 0;
                    n += holder?.Streams[0].Read(buffer) ?? 0;
                    return n + {|AG0002:(holder?.Stream)!.Read(buffer.AsSpan(1))|};
                }

                public sealed class Holder
                {
                    public Stream Stream { get; } = Stream.Null;
                    public Stream[] Streams { get; } = new Stream[1];
                }
            """));

        [Fact]
        public Task Half_typed_calls_do_not_throw()
            => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
                async Task M(Stream stream, byte[] buffer)
                {
                    await Task.Yield();
                    stream.Read(buffer.AsSpan(
                    stream.Write(undefined);
                    {|AG0002:stream.Write(buffer)|}
                }
            """));
    }
}
