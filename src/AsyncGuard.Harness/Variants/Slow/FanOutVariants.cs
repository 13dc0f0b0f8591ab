// Slow variant: every request of the batch is started at once, however many there are (AG0003).
using System.Collections.Concurrent;
using System.Net.Http.Json;

namespace AsyncGuard.Harness.Variants.Slow;

/// <summary>Fetching a batch of catalog pages from one server (claim 5).</summary>
public static class FanOutVariants
{
    /// <summary>Fetches every page; returns the pages fetched, in no particular order.</summary>
    public static async Task<IReadOnlyCollection<CatalogPage>> FetchAllAsync(HttpClient client, IReadOnlyList<string> paths)
    {
        var pages = new ConcurrentBag<CatalogPage>();
        await Task.WhenAll(paths.Select(async path =>
        {
            if (await client.GetFromJsonAsync<CatalogPage>(path) is { } page)
            {
                pages.Add(page);
            }
        }));
        return pages;
    }
}
