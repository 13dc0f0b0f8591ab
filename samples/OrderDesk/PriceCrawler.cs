namespace OrderDesk;

/// <summary>Fetches supplier prices for many SKUs at once.</summary>
public sealed class PriceCrawler(HttpClient http, ILogger<PriceCrawler> logger)
{
    private readonly Dictionary<string, int> _lengths = new();

    /// <summary>Stores the length of each SKU's price page.</summary>
    public async Task CrawlAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        logger.LogInformation("Crawling {Count} SKUs", skus.Count);
        await Task.WhenAll(skus.Select(async sku =>
        {
            var page = await http.GetStringAsync("prices/" + sku, cancellationToken);
            lock (_lengths)
            {
                _lengths[sku] = page.Length;
            }
        }));
    }

    public IReadOnlyDictionary<string, int> Lengths => _lengths;

    /// <summary>The price pages themselves, in SKU order (AG0004 has no automatic fix here: a page that failed has no value to give back).</summary>
    public async Task<string[]> PagesAsync(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        return await Task.WhenAll(skus.Select(sku => http.GetStringAsync("prices/" + sku, cancellationToken))).ConfigureAwait(false);
    }

    public Task WarmAsync(IEnumerable<string> skus)
    {
        return Task.WhenAll(skus.Select(sku => Touch(sku)));
    }

    private static Task Touch(string sku) => Task.CompletedTask;
}
