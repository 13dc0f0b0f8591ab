namespace PriceCrawler;

/// <summary>A small file-backed store, one file per SKU.</summary>
public sealed class PriceStore
{
    private readonly string _folder;

    public PriceStore(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
    }

    public async Task SaveAllAsync(IReadOnlyList<ShopPrice> prices)
    {
        var writes = prices.Select(p => File.WriteAllTextAsync(PathOf(p.Sku), $"{p.Amount} {p.Currency}")).ToArray();

        // AG0001: Task.WaitAll blocks until every write is done; await Task.WhenAll instead.
        Task.WaitAll(writes);
        await File.WriteAllTextAsync(Path.Combine(_folder, "_count"), prices.Count.ToString());
    }

    public async Task<string> ReadSummaryAsync()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(_folder, "_count"));
        return $"{text} prices in {_folder}";
    }

    private string PathOf(string sku) => Path.Combine(_folder, sku + ".txt");
}
