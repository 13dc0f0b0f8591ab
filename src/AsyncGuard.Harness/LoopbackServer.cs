using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsyncGuard.Harness;

/// <summary>
/// How the server answers a request. Sent with each request as query parameters, so the server keeps no settings
/// and can run in a process of its own, apart from the client's thread pool.
/// </summary>
internal sealed record ServerSettings
{
    /// <summary>Time each request spends "doing IO" before it answers.</summary>
    public int LatencyMs { get; set; } = 10;

    /// <summary>Share of requests that fail with 500, decided by (seed, request id) so runs are reproducible.</summary>
    public double FailureRate { get; set; }

    public int Seed { get; set; } = 1;

    public int PayloadBytes { get; set; } = 256;

    /// <summary>Requests in flight beyond this are rejected with 503, or queued when <see cref="Queue"/> (0: no limit).</summary>
    public int Capacity { get; set; }

    /// <summary>Requests beyond the capacity wait for a free slot instead of being rejected.</summary>
    public bool Queue { get; set; }

    /// <summary>The relative URL of item <paramref name="id"/> under these settings.</summary>
    public string PathOf(long id)
        => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"item/{id}?latency={LatencyMs}&fail={FailureRate:R}&seed={Seed}&bytes={PayloadBytes}&capacity={Capacity}&queue={Queue}");

    public IReadOnlyList<string> Paths(int count, long firstId = 0)
        => Enumerable.Range(0, count).Select(i => PathOf(firstId + i)).ToArray();
}

/// <summary>A Kestrel server on 127.0.0.1 and a free port, serving <c>GET /item/{id}</c> as the settings say.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>One gate per capacity value, for the queued mode.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, SemaphoreSlim> _gates = new();
    private int _inFlight;

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
        app.MapGet("/item/{id:long}", (long id, int latency, double fail, int seed, int bytes, int capacity, bool queue, CancellationToken cancellationToken)
            => server.HandleAsync(id, new ServerSettings { LatencyMs = latency, FailureRate = fail, Seed = seed, PayloadBytes = bytes, Capacity = capacity, Queue = queue }, cancellationToken));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    private async Task<IResult> HandleAsync(long id, ServerSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Queue && settings.Capacity > 0)
        {
            var gate = _gates.GetOrAdd(settings.Capacity, capacity => new SemaphoreSlim(capacity));
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await ServeAsync(id, settings with { Capacity = 0 }, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }

        return await ServeAsync(id, settings, cancellationToken);
    }

    private async Task<IResult> ServeAsync(long id, ServerSettings settings, CancellationToken cancellationToken)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            if (settings.Capacity > 0 && inFlight > settings.Capacity)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            if (settings.LatencyMs > 0)
            {
                await Task.Delay(settings.LatencyMs, cancellationToken);
            }

            if (settings.FailureRate > 0 && Unit(settings.Seed, id) < settings.FailureRate)
            {
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }

            return Results.Text(new string('x', settings.PayloadBytes));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>A number in [0, 1) fixed by (seed, id): the same request fails in every run.</summary>
    internal static double Unit(int seed, long id)
    {
        var x = unchecked((ulong)id * 0x9E3779B97F4A7C15UL ^ (ulong)seed * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 31;
        x = unchecked(x * 0x94D049BB133111EBUL);
        x ^= x >> 29;
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
