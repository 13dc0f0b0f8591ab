// Slow variant: each item blocks on its response (AG0001) and the handler sleeps in async code (AG0002).
using System.Collections.Concurrent;
using System.Net.Http.Json;

namespace AsyncGuard.Harness.Variants.Slow;

/// <summary>Fetching catalog pages and totalling their stock value (claims 1, 2 and 4).</summary>
public static class BlockingVariants
{
    /// <summary>Fetches every page, one task per page, and totals the stock value of all of them.</summary>
    public static async Task<decimal> StockValueAsync(HttpClient client, IReadOnlyList<string> paths)
    {
        var values = new ConcurrentBag<decimal>();
        await Task.WhenAll(paths.Select(async path =>
        {
            var page = client.GetFromJsonAsync<CatalogPage>(path).Result;
            values.Add(page?.StockValue() ?? 0);
        }));
        return values.Sum();
    }

    /// <summary>A request handler: a short pause, then one page fetched and totalled.</summary>
    public static async Task<decimal> HandleAsync(HttpClient client, string path, int pauseMs)
    {
        Thread.Sleep(pauseMs);
        var page = client.GetFromJsonAsync<CatalogPage>(path).GetAwaiter().GetResult();
        return page?.StockValue() ?? 0;
    }
}
