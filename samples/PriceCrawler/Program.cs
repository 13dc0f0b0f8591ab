// A cross-border shop's price crawler: it asks each supplier for the price of every SKU, converts the
// prices to the shop's currency and stores them. It is written with the async mistakes AsyncGuard finds;
// build it to see the warnings, or run it against the simulated suppliers:  dotnet run
using PriceCrawler;

using var http = new HttpClient(new SimulatedSupplierHandler(seed: 7)) { BaseAddress = new Uri("http://suppliers.example/") };
var store = new PriceStore(Path.Combine(Path.GetTempPath(), "price-crawler"));
var rates = new CurrencyRates(http);
var crawler = new Crawler(new SupplierClient(http), rates, store);

var skus = Enumerable.Range(1, 40).Select(i => $"SKU-{i:D4}").ToList();
var prices = await crawler.CrawlAsync(skus, "EUR");
Console.WriteLine($"Stored {prices.Count} prices; first: {prices[0].Sku} = {prices[0].Amount:F2} {prices[0].Currency}");

// Blocking on a task in top-level statements that await: AG0001.
var summary = store.ReadSummaryAsync();
Console.WriteLine(summary.Result); // expect: AG0001
