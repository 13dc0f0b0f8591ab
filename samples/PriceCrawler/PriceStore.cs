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
        // AG0003: and it joins one write per price, all started at once.
        Task.WaitAll(writes); // expect: AG0001, AG0003

        // AG0002: a synchronous file write inside async code; File.WriteAllTextAsync exists.
        File.WriteAllText(Path.Combine(_folder, "_count"), prices.Count.ToString()); // expect: AG0002
        await Task.Yield();
    }

    public async Task<byte[]> ExportAsync(IReadOnlyList<ShopPrice> prices, CancellationToken cancellationToken)
    {
        // Not a diagnostic: writing to a MemoryStream does no IO.
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, leaveOpen: true))
        {
            foreach (var price in prices)
            {
                await writer.WriteLineAsync($"{price.Sku};{price.Amount};{price.Currency}".AsMemory(), cancellationToken);
            }
        }

        buffer.Flush();
        return buffer.ToArray();
    }

    public async Task<string> ReadSummaryAsync()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(_folder, "_count"));
        return $"{text} prices in {_folder}";
    }

    public async Task AppendLogAsync(string line)
    {
        await File.AppendAllTextAsync(Path.Combine(_folder, "_log"), line + Environment.NewLine);
    }

    private string PathOf(string sku) => Path.Combine(_folder, sku + ".txt");
}
