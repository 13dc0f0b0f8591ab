using System.Collections.Concurrent;
using System.Diagnostics;

namespace AsyncGuard.Harness;

/// <summary>
/// The sweep's fan-out: the same throttle shape as AG0003's fix, with the degree as a parameter, and each item's
/// failure counted instead of failing the batch (so a point shows time, latency and failures together).
/// </summary>
internal static class ThrottledFetch
{
    /// <summary>
    /// Fetches every path at most <paramref name="degree"/> at a time (0: all at once); returns the failures and each
    /// request's latency in milliseconds (from its start, after the throttle let it through, to its last byte).
    /// </summary>
    public static async Task<(int Failures, IReadOnlyList<double> Latencies)> FetchAsync(HttpClient client, IReadOnlyList<string> paths, int degree)
    {
        using var throttle = degree > 0 ? new SemaphoreSlim(degree) : null;
        var latencies = new ConcurrentBag<double>();
        var outcomes = await Task.WhenAll(paths.Select(async path =>
        {
            if (throttle != null)
            {
                await throttle.WaitAsync();
            }

            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(path);
                await response.Content.CopyToAsync(Stream.Null);
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (HttpRequestException)
            {
                return 1;
            }
            finally
            {
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                throttle?.Release();
            }
        }));
        return (outcomes.Sum(), latencies.ToArray());
    }
}
