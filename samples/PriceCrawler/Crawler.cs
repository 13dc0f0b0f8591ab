namespace PriceCrawler;

public sealed class Crawler(SupplierClient suppliers, CurrencyRates rates, PriceStore store)
{
    public async Task<IReadOnlyList<ShopPrice>> CrawlAsync(IReadOnlyList<string> skus, string shopCurrency)
    {
        // One request per SKU, all at once, and one failing supplier call fails the whole crawl.
        var fetches = skus.Select(sku => FetchOrNullAsync(sku)).ToArray();
        await Task.WhenAll(fetches);

        var prices = new List<ShopPrice>();
        foreach (var fetch in fetches)
        {
            // Not a diagnostic: every task was joined by the awaited Task.WhenAll above.
            var found = fetch.Result;
            if (found is null)
            {
                continue;
            }

            var rate = await rates.GetRateAsync(found.Currency, shopCurrency);
            prices.Add(new ShopPrice(found.Sku, found.Amount * rate, shopCurrency));
        }

        var save = store.SaveAllAsync(prices);

        // AG0001: Wait() on the save blocks the crawl's thread until every file is written.
        save.Wait();
        return prices;
    }

    private async Task<SupplierPrice?> FetchOrNullAsync(string sku)
    {
        try
        {
            return await suppliers.GetPriceAsync(sku);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
