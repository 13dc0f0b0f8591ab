using System.Threading.Tasks;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.UnboundedFanOutAnalyzer, AsyncGuard.CodeFixes.UnboundedFanOutCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>AG0003: sources whose size is fixed in the code are bounded; the same shapes over open-ended data are not.</summary>
    public class FanOutBoundsTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\n";

        [Fact]
        public Task Chunks_static_readonly_arrays_and_enum_values_are_bounded()
            => Verify.VerifyAnalyzerAsync(Usings + """
                enum Region { North, South, East, West }

                class C
                {
                    private static readonly string[] Mirrors = { "a", "b", "c" };
                    private static readonly string[] Shards = ["s1", "s2"];

                    static Task<string> FetchAsync(string id) => Task.FromResult(id);

                    async Task M(string[] ids)
                    {
                        foreach (var chunk in ids.Chunk(5))
                        {
                            await Task.WhenAll(chunk.Select(FetchAsync));
                        }

                        await Task.WhenAll(Mirrors.Select(FetchAsync));
                        await Task.WhenAll(Shards.Select(FetchAsync));
                        await Task.WhenAll(Enum.GetValues<Region>().Select(r => FetchAsync(r.ToString())));
                    }
                }
                """);

        [Fact]
        public Task Large_chunks_mutable_fields_and_plain_parameters_are_not_bounded()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    private static string[] Mirrors = { "a", "b", "c" };

                    static Task<string> FetchAsync(string id) => Task.FromResult(id);

                    async Task M(string[] ids)
                    {
                        foreach (var chunk in ids.Chunk(500))
                        {
                            await [|Task.WhenAll(chunk.Select(FetchAsync))|];
                        }

                        await [|Task.WhenAll(Mirrors.Select(FetchAsync))|];
                        await [|Task.WhenAll(ids.Select(FetchAsync))|];
                    }
                }
                """);

        [Fact]
        public Task Explicit_constant_bounds_up_to_the_default_of_32_are_bounded()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    static Task<string> FetchAsync(string id) => Task.FromResult(id);

                    async Task M(string[] ids)
                    {
                        await Task.WhenAll(ids.Take(10).Select(FetchAsync));
                        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => FetchAsync(ids[i])));
                        await [|Task.WhenAll(Enumerable.Range(0, 33).Select(i => FetchAsync(ids[i])))|];
                        await [|Task.WhenAll(ids.Take(100).Select(FetchAsync))|];
                    }
                }
                """);

        [Fact]
        public Task Tasks_that_already_exist_are_not_a_fan_out()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Job
                {
                    public Task<string> Completion { get; } = Task.FromResult("");
                    public Task Done = Task.CompletedTask;
                    public Task<string> RunAsync() => Task.FromResult("");
                }

                class C
                {
                    static Task<string> FetchAsync(string id) => Task.FromResult(id);

                    async Task M(Job[] jobs, List<TaskCompletionSource<int>> sources, Task[] started)
                    {
                        await Task.WhenAll(jobs.Select(j => j.Completion));
                        await Task.WhenAll(sources.Select(s => s.Task));
                        await Task.WhenAll(from j in jobs select j.Completion);
                        await Task.WhenAll(started.Select(t => t));
                        var done = new List<Task>();
                        foreach (var j in jobs)
                        {
                            done.Add(j.Done);
                        }

                        await Task.WhenAll(done);

                        await [|Task.WhenAll(jobs.Select(j => j.RunAsync()))|];
                        var running = new List<Task<string>>();
                        foreach (var j in jobs)
                        {
                            var task = FetchAsync(j.ToString()!);
                            running.Add(task);
                        }

                        await [|Task.WhenAll(running)|];
                    }
                }
                """);

        [Fact]
        public Task A_property_read_that_starts_the_work_is_a_fan_out()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Job
                {
                    private readonly Task<string> _started = Task.FromResult("");
                    private readonly TaskCompletionSource<int> _source = new TaskCompletionSource<int>();
                    public Task<string> Started => _started;
                    public Task<int> Signalled { get { return _source.Task; } }
                    public Task<string> Fresh => RunAsync();
                    public Task<string> Computed { get { return RunAsync(); } }
                    public Lazy<Task<string>> Deferred { get; } = new Lazy<Task<string>>(() => Task.FromResult(""));
                    public Task<string> RunAsync() => Task.FromResult("");
                }

                class C
                {
                    async Task M(Job[] jobs)
                    {
                        await Task.WhenAll(jobs.Select(j => j.Started));
                        await Task.WhenAll(jobs.Select(j => j.Signalled));
                        await [|Task.WhenAll(jobs.Select(j => j.Fresh))|];
                        await [|Task.WhenAll(jobs.Select(j => j.Computed))|];
                        await [|Task.WhenAll(jobs.Select(j => j.Deferred.Value))|];
                        var lazies = new List<Task<string>>();
                        foreach (var j in jobs)
                        {
                            lazies.Add(j.Deferred.Value);
                        }

                        await [|Task.WhenAll(lazies)|];
                    }
                }
                """);

        [Fact]
        public Task A_throttle_taken_in_a_helper_the_item_calls_bounds_it()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    private readonly System.Threading.SemaphoreSlim _gate = new System.Threading.SemaphoreSlim(4);

                    static Task<string> FetchAsync(string id) => Task.FromResult(id);

                    async Task<string> FetchGatedAsync(string id)
                    {
                        await _gate.WaitAsync();
                        try
                        {
                            return await FetchAsync(id);
                        }
                        finally
                        {
                            _gate.Release();
                        }
                    }

                    async Task M(string[] ids)
                    {
                        await Task.WhenAll(ids.Select(id => FetchGatedAsync(id)));
                        await Task.WhenAll(ids.Select(async id => (await FetchGatedAsync(id)).Length));
                        var tasks = new List<Task<string>>();
                        foreach (var id in ids)
                        {
                            tasks.Add(FetchGatedAsync(id));
                        }

                        await Task.WhenAll(tasks);

                        await [|Task.WhenAll(ids.Select(id => FetchAsync(id)))|];
                    }
                }
                """);

        [Fact]
        public Task A_pool_of_identical_workers_is_bounded_by_its_size()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    static Task ConsumeAsync(System.Collections.Concurrent.ConcurrentQueue<string> queue) => Task.CompletedTask;
                    static Task FetchPageAsync(int page) => Task.CompletedTask;

                    async Task M(System.Collections.Concurrent.ConcurrentQueue<string> queue, int workers, string[] ids, int pages)
                    {
                        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => ConsumeAsync(queue)));
                        var pool = new List<Task>();
                        for (var i = 0; i < workers; i++)
                        {
                            pool.Add(Task.Run(() => ConsumeAsync(queue)));
                        }

                        await Task.WhenAll(pool);

                        // One task per item of data: the index picks the item, or the count is a collection's size.
                        await [|Task.WhenAll(Enumerable.Range(0, pages).Select(page => FetchPageAsync(page)))|];
                        await [|Task.WhenAll(Enumerable.Range(0, ids.Length).Select(_ => ConsumeAsync(queue)))|];
                        var perItem = new List<Task>();
                        var count = ids.Length;
                        for (var i = 0; i < count; i++)
                        {
                            perItem.Add(ConsumeAsync(queue));
                        }

                        await [|Task.WhenAll(perItem)|];
                    }
                }
                """);

        [Fact]
        public Task A_loop_that_stores_tasks_into_an_array_is_a_fan_out()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class Job
                {
                    public Task Done = Task.CompletedTask;
                }

                class C
                {
                    static Task<string> FetchAsync(string id) => Task.FromResult(id);

                    async Task M(string[] ids, Job[] jobs)
                    {
                        var tasks = new Task<string>[ids.Length];
                        for (var i = 0; i < ids.Length; i++)
                        {
                            tasks[i] = FetchAsync(ids[i]);
                        }

                        var pages = await [|Task.WhenAll(tasks)|];

                        var few = new Task<string>[4];
                        for (var i = 0; i < 4; i++)
                        {
                            few[i] = FetchAsync(ids[i]);
                        }

                        await Task.WhenAll(few);

                        var done = new Task[jobs.Length];
                        for (var i = 0; i < jobs.Length; i++)
                        {
                            done[i] = jobs[i].Done;
                        }

                        await Task.WhenAll(done);
                    }
                }
                """);

        [Fact]
        public Task A_broadcast_to_the_services_a_class_was_given_is_bounded_by_its_registrations()
            => Verify.VerifyAnalyzerAsync(Usings + """
                interface IProvider { Task<string> GetAsync(string item); bool Handles(string item); }
                interface IRemoteProvider : IProvider { }
                abstract class Handler { public abstract Task RunAsync(string item); }

                class Aggregator
                {
                    private readonly IProvider[] _providers;
                    private IReadOnlyList<Handler> _handlers = Array.Empty<Handler>();

                    public Aggregator(IEnumerable<IProvider> providers) => _providers = providers.ToArray();

                    public void AddParts(IEnumerable<Handler> handlers) => _handlers = handlers.ToList();

                    async Task<string[]> M(string item)
                    {
                        await Task.WhenAll(_handlers.Select(h => h.RunAsync(item)));
                        await Task.WhenAll(_providers.OfType<IRemoteProvider>().Select(p => p.GetAsync(item)));
                        return await Task.WhenAll(_providers.Where(p => p.Handles(item)).Select(p => GetAsync(p, item)));
                    }

                    static Task<string> GetAsync(IProvider provider, string item) => provider.GetAsync(item);
                }

                interface ISearchProvider { Task<string> SearchAsync(string term); }
                interface IExternalSearchProvider : ISearchProvider { }

                class Search
                {
                    private IExternalSearchProvider[] _external = Array.Empty<IExternalSearchProvider>();
                    private readonly IProvider[] _listeners;

                    public Search(IProvider[] listeners) => _listeners = listeners;

                    public void AddParts(IEnumerable<ISearchProvider> providers)
                    {
                        var all = providers.ToArray();
                        _external = all.OfType<IExternalSearchProvider>().ToArray();
                    }

                    Task<string[]> SearchAsync(IEnumerable<ISearchProvider> providers, string term)
                        => Task.WhenAll(providers.Select(p => p.SearchAsync(term)));

                    async Task NotifyAsync(string message)
                    {
                        var tasks = new Task[_listeners.Length];
                        for (var i = 0; i < _listeners.Length; i++)
                        {
                            tasks[i] = _listeners[i].GetAsync(message);
                        }

                        await Task.WhenAll(tasks);
                    }
                }

                // Connections come and go with the users: data, not configuration.
                class ChatRoom
                {
                    private readonly List<IProvider> _members = new List<IProvider>();

                    public void Join(IProvider member) => _members.Add(member);

                    Task Broadcast(string text) => [|Task.WhenAll(_members.Select(m => m.GetAsync(text)))|];

                    // A parameter of the fanning method is whatever its caller passes.
                    Task Send(IEnumerable<IProvider> targets, string text) => [|Task.WhenAll(targets.Select(m => m.GetAsync(text)))|];
                }
                """);

        [Fact]
        public Task Parallel_ForEachAsync_is_reported_only_with_a_degree_that_limits_nothing()
            => Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    static ValueTask SaveAsync(string id, System.Threading.CancellationToken ct) => default;

                    private static readonly string[] Mirrors = { "a", "b" };

                    async Task M(string[] ids, List<string> names)
                    {
                        // -1 means the processor count for ForEachAsync (unlike Parallel.ForEach).
                        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = -1 }, SaveAsync);
                        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, SaveAsync);
                        await Parallel.ForEachAsync(ids, SaveAsync);
                        await Parallel.ForEachAsync(Mirrors, new ParallelOptions { MaxDegreeOfParallelism = int.MaxValue }, SaveAsync);

                        await [|Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = int.MaxValue }, SaveAsync)|];
                        await [|Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ids.Length }, SaveAsync)|];
                        var options = new ParallelOptions { MaxDegreeOfParallelism = names.Count };
                        await [|Parallel.ForEachAsync(names, options, SaveAsync)|];
                    }
                }
                """);

        [Fact]
        public Task Half_typed_loops_broadcasts_and_parallel_options_do_not_throw()
            => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Usings + """
                interface IProvider { Task GetAsync(string item); }

                class C
                {
                    private readonly IProvider[] _providers;
                    public C(IEnumerable<IProvider> providers) => _providers = ;

                    async Task M(string[] ids, Missing[] unknown)
                    {
                        var tasks = new Task[ids.Length];
                        for (var i = 0; i < ; i++) tasks[i] = ;
                        await [|Task.WhenAll(tasks)|];
                        for (var i = 0; i < unknown.Length; i++) tasks[] = Unknown(i);
                        await [|Task.WhenAll(tasks)|];
                        await Task.WhenAll(_providers.Select(p => p.));
                        await Task.WhenAll(Enumerable.Range(0, ).Select(_ => ));
                        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = }, );
                        await [|Parallel.ForEachAsync(unknown, new ParallelOptions { MaxDegreeOfParallelism = unknown.Length }, async (x, ct) => { })|];
                    }
                }
                """);
    }
}
