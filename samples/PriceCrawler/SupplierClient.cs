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
        var parts = text.Split(' ');
        return new SupplierPrice(sku, decimal.Parse(parts[0], CultureInfo.InvariantCulture), parts[1]);
    }
}
