// Slow variant: a fan-out whose items await network IO with nothing to catch its failures (AG0004), unbounded (AG0003).
using System.Collections.Concurrent;
using System.Net.Http.Json;

namespace AsyncGuard.Harness.Variants.Slow;

/// <summary>Totalling the stock value of a large batch of catalog pages (claim 6).</summary>
public static class GuardVariants
{
    /// <summary>Fetches every page and totals its stock value; returns the value of each page fetched, by path.</summary>
    public static async Task<IReadOnlyDictionary<string, decimal>> StockValuesAsync(HttpClient client, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var values = new ConcurrentDictionary<string, decimal>();
        await Task.WhenAll(paths.Select(async path =>
        {
            var page = await client.GetFromJsonAsync<CatalogPage>(path, cancellationToken);
            values[path] = page?.StockValue() ?? 0;
        }));
        return values;
    }
}
