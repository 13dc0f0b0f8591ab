using System.Globalization;
using System.Text.Json;

namespace AsyncGuard.Harness;

/// <summary>
/// One page of a shop's product catalog: the payload the server sends and the client parses, so each response costs
/// the client real work (JSON parsing and a total), as a real API client's would.
/// </summary>
public sealed record CatalogPage(int Page, IReadOnlyList<Product> Items)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Parses a page; a payload that is not a catalog page throws <see cref="JsonException"/>.</summary>
    public static CatalogPage Parse(string json)
        => JsonSerializer.Deserialize<CatalogPage>(json, Json) ?? throw new JsonException("the payload is not a catalog page");

    /// <summary>What the client computes from a page: the value of the stock it lists.</summary>
    public decimal StockValue() => Items.Sum(item => item.Price * item.Stock);

    /// <summary>A page of <paramref name="items"/> products, the same for the same page number.</summary>
    public static CatalogPage Create(int page, int items)
    {
        var random = new Random(page);
        string[] words = ["steel", "oak", "linen", "compact", "travel", "kitchen", "garden", "classic", "pro", "mini", "set", "blue"];
        string[] currencies = ["EUR", "GBP", "CHF", "SEK"];
        var products = new Product[items];
        for (var i = 0; i < items; i++)
        {
            var name = string.Join(' ', Enumerable.Range(0, 3).Select(_ => words[random.Next(words.Length)]));
            products[i] = new Product(
                string.Create(CultureInfo.InvariantCulture, $"SKU-{page:D5}-{i:D4}"),
                name,
                $"A {name} for everyday use; ships in {random.Next(1, 10)} days, {random.Next(1, 5)} year warranty.",
                Math.Round((decimal)(random.NextDouble() * 500), 2),
                currencies[random.Next(currencies.Length)],
                random.Next(0, 200),
                Enumerable.Range(0, random.Next(1, 5)).Select(_ => words[random.Next(words.Length)]).ToArray());
        }

        return new CatalogPage(page, products);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>One product of a catalog page.</summary>
public sealed record Product(string Sku, string Name, string Description, decimal Price, string Currency, int Stock, IReadOnlyList<string> Tags);
