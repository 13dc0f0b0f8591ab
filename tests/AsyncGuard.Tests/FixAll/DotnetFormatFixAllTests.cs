using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AsyncGuard.Tests.FixAll
{
    /// <summary>
    /// One <c>dotnet format analyzers</c> run, simulated exactly as the SDK calls fixers, on code that mixes every fix
    /// shape of every rule with diagnostics that have no fix: everything fixable is fixed, whatever order the rules
    /// and diagnostics come in, the result is the same every time, and it compiles without new warnings.
    /// </summary>
    public class DotnetFormatFixAllTests
    {
        private static readonly string[] Rules = { "AG0001", "AG0002", "AG0003", "AG0004", "AG0005" };

        private const string Jobs = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Jobs
            {
                private readonly HttpClient _http = new HttpClient();

                private static Task<string> LoadAsync(string name) => Task.FromResult(name);

                private static Task SaveAsync(string name) => Task.CompletedTask;

                public void Start(CancellationToken ct)
                {
                    // No fix: a registered callback cannot be awaited by anyone.
                    ct.Register(async () => await SaveAsync("cancelled"));
                }

                public async Task<int> BlockingAsync(Task<string> body, Task other)
                {
                    await Task.Yield();
                    other.Wait();
                    Task.WaitAll(other);
                    return body.Result.Length + LoadAsync("x").GetAwaiter().GetResult().Length;
                }

                public async Task<string> ReadAsync(string path, CancellationToken ct)
                {
                    await Task.Yield();
                    Thread.Sleep(10);
                    return File.ReadAllText(path);
                }

                public async Task FireAsync(List<string> items, IEnumerable<string> all)
                {
                    items.ForEach(async i => await SaveAsync(i));
                    Parallel.ForEach(all, async i => await SaveAsync(i));
                    await Task.Yield();
                }

                private async void Unused() => await SaveAsync("u");

                public async Task<string[]> LoadAllAsync(IEnumerable<string> names)
                {
                    return await Task.WhenAll(names.Select(n => LoadAsync(n)));
                }

                public async Task SaveAllAsync(IEnumerable<string> names)
                {
                    await Task.WhenAll(names.Select(SaveAsync));
                }
            }
            """;

        private const string Crawler = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Crawler
            {
                private readonly HttpClient _http = new HttpClient();

                public async Task StoreAllAsync(IEnumerable<string> urls, CancellationToken ct)
                {
                    var throttle = new SemaphoreSlim(4);
                    await Task.WhenAll(urls.Select(async u =>
                    {
                        await throttle.WaitAsync(ct);
                        try
                        {
                            await _http.GetStringAsync(u, ct);
                        }
                        finally
                        {
                            throttle.Release();
                        }
                    }));
                }

                private static async void Tick() => await Task.Delay(1);
            }
            """;

        private static IReadOnlyDictionary<string, string> Files => new Dictionary<string, string> { ["Jobs.cs"] = Jobs, ["Crawler.cs"] = Crawler };

        [Fact]
        public async Task One_run_fixes_every_shape_and_repeats_exactly_in_any_order()
        {
            var original = await DotnetFormatSimulation.CreateProjectAsync(Files);
            Assert.Equal(Jobs, (await original.Documents.First(d => d.Name == "Jobs.cs").GetTextAsync()).ToString());
            var warningsBefore = CompilerWarnings(await original.GetCompilationAsync());

            var results = new List<string>();
            foreach (var order in new[] { Rules, Rules.Reverse().ToArray(), new[] { "AG0003", "AG0005", "AG0001", "AG0004", "AG0002" } })
            {
                foreach (var pick in new Func<IReadOnlyList<Diagnostic>, Diagnostic>[] { d => d[0], d => d[d.Count - 1] })
                {
                    var fixedProject = await DotnetFormatSimulation.RunAsync(original, order, pick);
                    var compilation = (await fixedProject.GetCompilationAsync())!;
                    var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                    var text = await DotnetFormatSimulation.TextAsync(fixedProject);
                    Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + text);
                    Assert.True(CompilerWarnings(compilation).SetEquals(warningsBefore), string.Join("\n", CompilerWarnings(compilation)) + "\n" + text);

                    var left = (await DotnetFormatSimulation.AnalyzeAsync(fixedProject))
                        .Select(d => d.Id + " " + d.Location.SourceTree!.FilePath + ":" + d.Location.GetLineSpan().StartLinePosition.Line)
                        .OrderBy(s => s, StringComparer.Ordinal)
                        .ToList();
                    Assert.True(left.SequenceEqual(new[] { "AG0005 /src/Jobs.cs:19" }), string.Join("\n", left) + "\n" + text);
                    results.Add(text);
                }
            }

            Assert.All(results, r => Assert.Equal(results[0], r));
        }

        private static HashSet<string> CompilerWarnings(Compilation? compilation)
            => compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.Id + " " + d.GetMessage()).ToHashSet();
    }
}
