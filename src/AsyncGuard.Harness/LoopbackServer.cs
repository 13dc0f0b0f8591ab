using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsyncGuard.Harness;

/// <summary>The ways a request can fail, as real services fail (claim 6).</summary>
public enum FaultKind
{
    None,

    /// <summary>The server answers 500.</summary>
    ServerError,

    /// <summary>The server resets the connection before answering.</summary>
    ConnectionReset,

    /// <summary>Nothing listens on the port: the connection is refused (decided by the client's URL).</summary>
    ConnectionRefused,

    /// <summary>The server answers later than the client's timeout.</summary>
    Timeout,

    /// <summary>The server announces the whole body, sends half of it and closes the connection.</summary>
    TruncatedBody,

    /// <summary>A complete 200 response whose JSON is cut off: it does not parse.</summary>
    MalformedPayload,
}

/// <summary>
/// How the server answers one request. Sent as query parameters, so the server keeps no settings and runs in a
/// process of its own, apart from the client's thread pool.
/// </summary>
internal sealed record PageRequest
{
    /// <summary>Time the request spends waiting on (simulated) IO before it answers.</summary>
    public int LatencyMs { get; init; } = 10;

    /// <summary>Products on the page the server returns.</summary>
    public int Items { get; init; } = 20;

    /// <summary>
    /// Build the page afresh for each request and send it gzip-compressed (real CPU work on the server: creating,
    /// serializing and compressing the products) instead of sending a cached copy.
    /// </summary>
    public bool Render { get; init; }

    public FaultKind Fault { get; init; }

    /// <summary>Requests in flight beyond this are rejected with 503, or queued when <see cref="Queue"/> (0: no limit).</summary>
    public int Capacity { get; init; }

    public bool Queue { get; init; }

    /// <summary>The relative URL of page <paramref name="id"/>.</summary>
    public string PathOf(long id)
        => string.Create(CultureInfo.InvariantCulture,
            $"page/{id}?latency={LatencyMs}&items={Items}&render={Render}&fault={Fault}&capacity={Capacity}&queue={Queue}");

    public IReadOnlyList<string> Paths(int count, long firstId = 0)
        => Enumerable.Range(0, count).Select(i => PathOf(firstId + i)).ToArray();
}

/// <summary>What the server measured since the previous <c>GET /stats</c>.</summary>
public sealed record ServerStats(double CpuSeconds, double WallSeconds, int MaxInFlight, int Requests, int PoolThreads, int Cores)
{
    /// <summary>The server process's CPU use as a share of all cores.</summary>
    public double CpuPercent => WallSeconds > 0 ? 100 * CpuSeconds / WallSeconds / Cores : 0;
}

/// <summary>A Kestrel server on 127.0.0.1 and a free port, serving catalog pages (<c>GET /page/{id}</c>) and its own statistics.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _gates = new();
    private readonly ConcurrentDictionary<int, byte[]> _cachedPages = new();
    private readonly Lock _statsLock = new();
    private int _inFlight;
    private int _maxInFlight;
    private int _requests;
    private TimeSpan _cpuAtReset;
    private long _wallAtReset = Stopwatch.GetTimestamp();

    private LoopbackServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxConcurrentConnections = null;
        });
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.MapGet("/page/{id:long}", (HttpContext context, long id, int latency, int items, bool render, FaultKind fault, int capacity, bool queue)
            => server.HandleAsync(context, id, new PageRequest { LatencyMs = latency, Items = items, Render = render, Fault = fault, Capacity = capacity, Queue = queue }));
        app.MapGet("/stats", server.TakeStats);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Statistics since the previous call, which starts a new period.</summary>
    private ServerStats TakeStats()
    {
        lock (_statsLock)
        {
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var now = Stopwatch.GetTimestamp();
            var stats = new ServerStats(
                (cpu - _cpuAtReset).TotalSeconds,
                Stopwatch.GetElapsedTime(_wallAtReset, now).TotalSeconds,
                Interlocked.Exchange(ref _maxInFlight, 0),
                Interlocked.Exchange(ref _requests, 0),
                ThreadPool.ThreadCount,
                Environment.ProcessorCount);
            _cpuAtReset = cpu;
            _wallAtReset = now;
            return stats;
        }
    }

    private async Task HandleAsync(HttpContext context, long id, PageRequest request)
    {
        var cancellationToken = context.RequestAborted;
        Interlocked.Increment(ref _requests);
        if (request.Queue && request.Capacity > 0)
        {
            var gate = _gates.GetOrAdd(request.Capacity, capacity => new SemaphoreSlim(capacity));
            await gate.WaitAsync(cancellationToken);
            try
            {
                await ServeAsync(context, id, request with { Capacity = 0 }, cancellationToken);
            }
            finally
            {
                gate.Release();
            }

            return;
        }

        await ServeAsync(context, id, request, cancellationToken);
    }

    private async Task ServeAsync(HttpContext context, long id, PageRequest request, CancellationToken cancellationToken)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        UpdateMax(inFlight);
        try
        {
            if (request.Capacity > 0 && inFlight > request.Capacity)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            var latency = request.Fault == FaultKind.Timeout ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(request.LatencyMs);
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, cancellationToken);
            }

            var body = request.Render
                ? RenderCompressed((int)(id % int.MaxValue), request.Items)
                : _cachedPages.GetOrAdd(request.Items, items => Encoding.UTF8.GetBytes(CatalogPage.Create(1, items).ToJson()));
            if (request.Render)
            {
                context.Response.Headers.ContentEncoding = "gzip";
            }

            switch (request.Fault)
            {
                case FaultKind.ServerError:
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return;
                case FaultKind.ConnectionReset:
                    context.Abort();
                    return;
                case FaultKind.TruncatedBody:
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength = body.Length;
                    await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                    context.Abort();
                    return;
                case FaultKind.MalformedPayload:
                    body = body.AsSpan(0, body.Length / 2).ToArray();
                    break;
            }

            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client gave up (its timeout): nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>A fresh page, serialized and compressed as a busy API's responses are: real CPU work per request.</summary>
    internal static byte[] RenderCompressed(int page, int items)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize))
        {
            gzip.Write(Encoding.UTF8.GetBytes(CatalogPage.Create(page, items).ToJson()));
        }

        return buffer.ToArray();
    }

    private void UpdateMax(int inFlight)
    {
        var max = Volatile.Read(ref _maxInFlight);
        while (inFlight > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
            if (seen == max)
            {
                return;
            }

            max = seen;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
