// Fast variant, generated: every AsyncGuard fix applied to Variants/Slow/BlockingVariants.cs (regenerate: ASYNCGUARD_REGENERATE_FAST=1, see VariantFixTests).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace AsyncGuard.Harness.Variants.Fast;

/// <summary>Fetching catalog pages and totalling their stock value (claims 1, 2 and 4).</summary>
public static class BlockingVariants
{
    /// <summary>Fetches every page, one task per page, and totals the stock value of all of them.</summary>
    public static async Task<decimal> StockValueAsync(HttpClient client, IReadOnlyList<string> paths)
    {
        var values = new ConcurrentBag<decimal>();
        using var throttle = new SemaphoreSlim(8);
        await Task.WhenAll(paths.Select(async path =>
        {
            try
            {
                await throttle.WaitAsync();
                try
                {
                    var page = await client.GetFromJsonAsync<CatalogPage>(path);
                    values.Add(page?.StockValue() ?? 0);
                }
                finally
                {
                    throttle.Release();
                }
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException or JsonException)
            {
                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", path, exception);
            }
        }));
        return values.Sum();
    }

    /// <summary>A request handler: a short pause, then one page fetched and totalled.</summary>
    public static async Task<decimal> HandleAsync(HttpClient client, string path, int pauseMs)
    {
        await Task.Delay(pauseMs);
        var page = await client.GetFromJsonAsync<CatalogPage>(path);
        return page?.StockValue() ?? 0;
    }
}
