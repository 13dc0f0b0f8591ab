using System.Globalization;

namespace PriceCrawler;

public sealed class SupplierClient(HttpClient http)
{
    public async Task<SupplierPrice> GetPriceAsync(string sku, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"prices/{sku}", cancellationToken);
        response.EnsureSuccessStatusCode();

        // AG0001: .Result on the body's task blocks a thread-pool thread while the body downloads.
        var text = response.Content.ReadAsStringAsync(cancellationToken).Result; // expect: AG0001
        return Parse(sku, text);
    }

    public async Task<SupplierPrice?[]> GetPricesAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        // AG0003: every SKU at once. AG0004: one failing request throws away every price already fetched.
        return await Task.WhenAll(skus.Select(async sku => // expect: AG0003
        {
            var text = await http.GetStringAsync($"prices/{sku}", cancellationToken); // expect: AG0004
            return (SupplierPrice?)Parse(sku, text);
        }));
    }

    public async Task<SupplierPrice?[]> GetFeaturedPricesAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        // Not a diagnostic: at most five SKUs, and each item catches its own failure.
        return await Task.WhenAll(skus.Take(5).Select(async sku =>
        {
            try
            {
                var text = await http.GetStringAsync($"prices/{sku}", cancellationToken);
                return Parse(sku, text);
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }));
    }

    private static SupplierPrice Parse(string sku, string text)
    {
        var parts = text.Split(' ');
        return new SupplierPrice(sku, decimal.Parse(parts[0], CultureInfo.InvariantCulture), parts[1]);
    }
}
