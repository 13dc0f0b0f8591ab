using System.Data;
using System.Text.Json;
using System.Xml;

namespace OrderDesk;

/// <summary>Exports orders as JSON and XML files, and reads a table of them back.</summary>
public sealed class ExportJob(OrderStore store, string folder)
{
    public async Task<string> ExportJsonAsync(CancellationToken cancellationToken)
    {
        var orders = await store.AllAsync();
        var path = Path.Combine(folder, "orders.json");
        using (var stream = File.Create(path))
        {
            JsonSerializer.Serialize(stream, orders);
        }

        return path;
    }

    public async Task<int> CountJsonAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var orders = JsonSerializer.Deserialize<List<Order>>(stream);
        await Task.Yield();
        return orders?.Count ?? 0;
    }

    public async Task<int> FirstBytesAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var buffer = new byte[16];
        var read = stream.Read(buffer, 0, buffer.Length);
        return read;
    }

    public async Task<string> ExportXmlAsync(CancellationToken cancellationToken)
    {
        var orders = await store.AllAsync();
        var path = Path.Combine(folder, "orders.xml");
        await using var stream = File.Create(path);
        await using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Async = true, Indent = true });
        await writer.WriteStartDocumentAsync();
        await writer.WriteStartElementAsync(null, "orders", null);
        foreach (var order in orders)
        {
            await writer.WriteStartElementAsync(null, "order", null);
            await writer.WriteAttributeStringAsync(null, "id", null, order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await writer.WriteEndElementAsync();
        }

        await writer.WriteEndElementAsync();
        writer.Flush();
        return path;
    }

    public async Task<decimal> TotalFromTableAsync(CancellationToken cancellationToken)
    {
        var table = new DataTable();
        table.Columns.Add("Total", typeof(decimal));
        foreach (var order in await store.AllAsync())
        {
            table.Rows.Add(order.Total);
        }

        using var reader = table.CreateDataReader();
        var total = 0m;
        while (reader.Read())
        {
            total += reader.GetDecimal(0);
        }

        return total;
    }
}
