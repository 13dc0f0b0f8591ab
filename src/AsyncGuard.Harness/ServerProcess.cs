using System.Diagnostics;
using System.Net.Http.Json;

namespace AsyncGuard.Harness;

/// <summary>
/// Runs <see cref="LoopbackServer"/> in a child process (this assembly with <c>--serve</c>), so that what the
/// client's experiments do to its own thread pool cannot slow the server down, and the other way round.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string ServeArgument = "--serve";
    private const string ReadyPrefix = "LISTENING ";

    private readonly Process _process;
    private readonly HttpClient _control;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _control = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public static async Task<ServerProcess> StartAsync()
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        start.ArgumentList.Add(ServeArgument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server process");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                return new ServerProcess(process, new Uri(line.Substring(ReadyPrefix.Length)));
            }
        }

        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        throw new InvalidOperationException("the server process ended before it listened: " + error);
    }

    /// <summary>The child's side: serve until standard input closes (the parent ended or disposed us).</summary>
    public static async Task<int> ServeAsync()
    {
        await using var server = await LoopbackServer.StartAsync();
        Console.WriteLine(ReadyPrefix + server.BaseAddress);
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>
    /// A client with no connection limit of its own, so the server's limits are what is measured; every request it
    /// sends is timed by the returned handler.
    /// </summary>
    public (HttpClient Client, TimingHandler Timing) CreateClient(TimeSpan? timeout = null)
    {
        var timing = new TimingHandler(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(10), AutomaticDecompression = System.Net.DecompressionMethods.All });
        return (new HttpClient(timing) { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) }, timing);
    }

    /// <summary>The server's statistics since the previous call (CPU, requests in flight at most, pool threads).</summary>
    public async Task<ServerStats> StatsAsync()
        => await _control.GetFromJsonAsync<ServerStats>("stats") ?? throw new InvalidOperationException("the server sent no statistics");

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        try
        {
            await _process.StandardInput.DisposeAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    internal static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var processPath = Environment.ProcessPath;
        return processPath != null && Path.GetFileNameWithoutExtension(processPath) == "dotnet" ? processPath : "dotnet";
    }
}
