using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.UnguardedFanOutIoAnalyzer, AsyncGuard.CodeFixes.GuardFanOutIoCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>
    /// AG0004: what counts as external IO (the same in-memory exemptions as AG0002), which catch guards which IO, and
    /// which fan-outs are small enough (by AG0003's notion of bounded) to be a fixed group of calls.
    /// </summary>
    public class FanOutIoKindsTests
    {
        private const string Usings = "#nullable enable\nusing System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\nusing System.Net.Http;\nusing System.Net.Sockets;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        [Fact]
        public Task Sockets_data_sources_http_content_and_data_access_extensions_are_io()
            => Verify.VerifyAnalyzerAsync(Usings + """
                namespace Dapperish
                {
                    public static class SqlMapper
                    {
                        public static Task<IEnumerable<T>> QueryAsync<T>(this System.Data.IDbConnection connection, string sql) => Task.FromResult(Enumerable.Empty<T>());
                    }
                }

                namespace App
                {
                    using Dapperish;

                    class C
                    {
                        async Task M(string[] hosts, System.Data.Common.DbDataSource source, System.Data.IDbConnection connection, HttpResponseMessage[] responses)
                        {
                            await Task.WhenAll(hosts.Select(async host =>
                            {
                                using var client = new TcpClient();
                                {|AG0004:await client.ConnectAsync(host, 80)|};
                                await using var db = {|AG0004:await source.OpenConnectionAsync()|};
                                var rows = {|AG0004:await connection.QueryAsync<int>("select 1")|};
                            }));
                            await Task.WhenAll(responses.Select(async response => Console.WriteLine({|AG0004:await response.Content.ReadAsStringAsync()|})));
                            var http = new HttpClient();
                            await Task.WhenAll(hosts.Select(async host =>
                            {
                                using var streamed = {|AG0004:await http.GetAsync(host, HttpCompletionOption.ResponseHeadersRead)|};
                                var body = {|AG0004:await streamed.Content.ReadAsStringAsync()|};
                                // The body of a response HttpClient buffered is read from memory: only the request can fail.
                                using var buffered = {|AG0004:await http.GetAsync(host)|};
                                var page = await buffered.Content.ReadAsStringAsync();
                            }));
                        }
                    }
                }
                """);

        [Fact]
        public Task In_memory_streams_and_writers_are_not_io()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(string[] names, Stream output)
                    {
                        await Task.WhenAll(names.Select(async name =>
                        {
                            using var buffer = new MemoryStream();
                            await buffer.WriteAsync(new byte[] { 1 });
                            using var text = new StringWriter();
                            await text.WriteAsync(name);
                            await text.FlushAsync();
                            {|AG0004:await output.WriteAsync(buffer.ToArray())|};
                        }));
                    }
                }
                """);

        [Fact]
        public Task Task_Run_of_io_inside_a_Parallel_ForEachAsync_body_is_io()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    private readonly HttpClient _http = new HttpClient();

                    async Task M(string[] urls, CancellationToken ct)
                    {
                        await Parallel.ForEachAsync(urls, ct, async (url, token) =>
                        {
                            var page = {|AG0004:await Task.Run(() => _http.GetStringAsync(url, token))|};
                            var length = await Task.Run(() => page.Length);
                        });
                    }
                }
                """);

        [Fact]
        public Task A_catch_guards_only_the_io_whose_failures_it_catches()
            => Verify.VerifyAnalyzerAsync(Usings + """
                // A data provider's own exception type, as SqlException or NpgsqlException.
                class ProviderException : System.Data.Common.DbException { public bool IsTransient => false; }

                class C
                {
                    private readonly HttpClient _http = new HttpClient();

                    async Task M(string[] urls, Stream output, TcpClient tcp, System.Data.Common.DbConnection connection, CancellationToken ct)
                    {
                        await Task.WhenAll(urls.Select(async u =>
                        {
                            try { {|AG0004:await _http.GetStringAsync(u)|}; } catch (IOException) { }
                            try { {|AG0004:await _http.GetStringAsync(u)|}; } catch (TimeoutException) { }
                            try { {|AG0004:await _http.GetStringAsync(u)|}; } catch (Exception e) when (e is IOException) { }
                            try { {|AG0004:await _http.GetStringAsync(u)|}; } catch (Exception e) when (e is OperationCanceledException or IOException) { }
                            try { {|AG0004:await output.WriteAsync(new byte[1])|}; } catch (HttpRequestException) { }

                            try { await _http.GetStringAsync(u); } catch (HttpRequestException) { }
                            try { await _http.GetStringAsync(u); } catch (Exception) { }
                            try { await _http.GetStringAsync(u); } catch (Exception e) when (e is HttpRequestException { StatusCode: System.Net.HttpStatusCode.NotFound }) { }
                            try { await _http.GetStringAsync(u); } catch (Exception e) when (e is TaskCanceledException || e is HttpRequestException) { }
                            try { await _http.GetStringAsync(u); } catch (Exception e) when (e is not OperationCanceledException) { }
                            try { await _http.GetStringAsync(u); } catch (HttpRequestException) when (!ct.IsCancellationRequested) { }
                            try { await output.WriteAsync(new byte[1]); } catch (IOException) { }
                            try { await tcp.ConnectAsync(u, 80); } catch (SocketException) { }
                            try { await tcp.ConnectAsync(u, 80); } catch (IOException) { }
                            try { await connection.OpenAsync(); } catch (ProviderException) { }
                            try { await connection.OpenAsync(); } catch (Exception e) when (e is ProviderException { IsTransient: true }) { }
                            try { {|AG0004:await connection.OpenAsync()|}; } catch (IOException) { }
                            try { {|AG0004:await output.FlushAsync()|}; } catch (FileNotFoundException) { }
                        }));
                    }
                }
                """);

        [Fact]
        public Task Fan_outs_that_AG0003_calls_bounded_are_a_fixed_group_of_calls()
            => Verify.VerifyAnalyzerAsync(Usings + """
                interface IProvider { Task<string> GetAsync(string item); }

                class C
                {
                    private static readonly string[] Mirrors = { "https://a.example", "https://b.example" };
                    private readonly HttpClient _http = new HttpClient();
                    private readonly IProvider[] _providers;

                    public C(IEnumerable<IProvider> providers) => _providers = providers.ToArray();

                    async Task M(string[] urls, CancellationToken ct)
                    {
                        await Task.WhenAll(Mirrors.Select(async m => await _http.GetStringAsync(m)));
                        await Task.WhenAll(new[] { "x", "y" }.Select(async m => await _http.GetStringAsync(m)));
                        await Task.WhenAll(urls.Take(3).Select(async m => await _http.GetStringAsync(m)));
                        await Parallel.ForEachAsync(Mirrors, ct, async (m, token) => await _http.GetStringAsync(m, token));
                        await Task.WhenAll(_providers.Select(async p => await _http.GetStringAsync(await p.GetAsync("item"))));

                        await Task.WhenAll(urls.Select(async m => {|AG0004:await _http.GetStringAsync(m)|}));
                        await Parallel.ForEachAsync(urls, ct, async (m, token) => {|AG0004:await _http.GetStringAsync(m, token)|});
                    }
                }
                """);
    }
}
