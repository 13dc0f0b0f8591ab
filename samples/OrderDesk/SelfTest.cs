using System.Net;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrderDesk;

/// <summary>Runs every part in-process, with a simulated supplier, and prints what it produced.</summary>
public static class SelfTest
{
    public static async Task RunAsync(TextWriter output)
    {
        var store = new OrderStore();

        var context = new DefaultHttpContext();
        var found = await OrderHandlers.GetOrderAsync(context, 2, store);
        var missing = await OrderHandlers.GetOrderAsync(context, 99, store);
        output.WriteLine($"handlers: {found.GetType().Name} {missing.GetType().Name} {await OrderHandlers.TouchAllAsync(store, new[] { 1, 2 })}");
        var note = await OrderHandlers.GetNoteAsync(context, 404);
        output.WriteLine($"note: {note.GetType().Name}");

        using var http = new HttpClient(new SupplierHandler()) { BaseAddress = new Uri("http://supplier.example/") };
        var crawler = new PriceCrawler(http, NullLogger<PriceCrawler>.Instance);
        var skus = Enumerable.Range(1, 12).Select(i => "SKU-" + i).ToList();
        await crawler.CrawlAsync(skus, CancellationToken.None);
        output.WriteLine("crawl: " + string.Join(",", crawler.Lengths.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)));
        var pages = await crawler.PagesAsync(skus.Take(3), CancellationToken.None);
        output.WriteLine("pages: " + string.Join("|", pages));
        await crawler.WarmAsync(skus);

        var folder = Path.Combine(Path.GetTempPath(), "orderdesk-selftest-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        try
        {
            var job = new ExportJob(store, folder);
            var json = await job.ExportJsonAsync(CancellationToken.None);
            output.WriteLine($"json: {await job.CountJsonAsync(json, CancellationToken.None)} orders, first bytes {await job.FirstBytesAsync(json, CancellationToken.None)}");
            var xml = await job.ExportXmlAsync(CancellationToken.None);
            output.WriteLine("xml: " + File.ReadAllText(xml).Replace("\r", string.Empty).Replace("\n", " "));
            output.WriteLine($"table total: {await job.TotalFromTableAsync(CancellationToken.None)}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var worker = new ReminderWorker(store, NullLogger<ReminderWorker>.Instance);
        await worker.RemindAllAsync(new[] { 3, 1, 2, 42 }, CancellationToken.None);
        output.WriteLine("reminded: " + string.Join(",", worker.Reminded.OrderBy(id => id)));
    }

    /// <summary>A supplier that answers every price request at once, with a page derived from the SKU.</summary>
    private sealed class SupplierHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sku = request.RequestUri!.Segments[^1];
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("price of " + sku) });
        }
    }
}
