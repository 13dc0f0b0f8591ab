namespace PriceCrawler;

// Lines the analyzers must flag end in "expect: <rule id>"; the end-to-end test builds this sample against the
// packed package and checks that exactly those lines are reported.
public sealed class Crawler(SupplierClient suppliers, CurrencyRates rates, PriceStore store)
{
    public event EventHandler? Crawled;

    public async Task<IReadOnlyList<ShopPrice>> CrawlAsync(IReadOnlyList<string> skus, string shopCurrency)
    {
        // AG0003: one request per SKU, all at once, however many SKUs there are.
        var fetches = skus.Select(sku => FetchOrNullAsync(sku)).ToArray();
        await Task.WhenAll(fetches); // expect: AG0003

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
        save.Wait(); // expect: AG0001
        Crawled?.Invoke(this, EventArgs.Empty);
        return prices;
    }

    public async Task RecheckAsync(IEnumerable<string> skus)
    {
        // AG0003: a loop that starts a task per SKU and joins them all.
        var checks = new List<Task<SupplierPrice?>>();
        foreach (var sku in skus)
        {
            checks.Add(FetchOrNullAsync(sku));
        }

        await Task.WhenAll(checks); // expect: AG0003

        // Not a diagnostic: three known markets are a bounded fan-out.
        string[] markets = ["EUR", "GBP", "CHF"];
        await Task.WhenAll(markets.Select(market => rates.GetRateAsync("USD", market)));
    }

    public async Task NotifyAsync(List<ShopPrice> prices)
    {
        // AG0005: ForEach takes an Action, so each async lambda is fire-and-forget.
        prices.ForEach(async price => await store.AppendLogAsync(price.Sku)); // expect: AG0005

        // AG0005: Parallel.ForEach does not await async lambdas either.
        Parallel.ForEach(prices, async price => await store.AppendLogAsync(price.Sku)); // expect: AG0005
        await Task.Yield();
    }

    // AG0005: nobody can await this, and its exceptions end the process.
    public async void RefreshInBackground(IReadOnlyList<string> skus) // expect: AG0005
    {
        await CrawlAsync(skus, "EUR");
    }

    // Not a diagnostic: an event handler must be async void.
    public async void OnTimerElapsed(object? sender, EventArgs e)
    {
        await store.AppendLogAsync("tick");
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
