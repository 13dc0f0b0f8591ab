namespace OrderDesk;

/// <summary>Minimal-API handlers.</summary>
public static class OrderHandlers
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/orders/{id:int}", (HttpContext context, int id, OrderStore store) => GetOrderAsync(context, id, store));
        app.MapGet("/orders/{id:int}/note", (HttpContext context, int id) => GetNoteAsync(context, id));
    }

    public static async Task<IResult> GetOrderAsync(HttpContext context, int id, OrderStore store)
    {
        await Task.Yield();
        var order = store.FindAsync(id).Result;
        return order is null ? Results.NotFound() : Results.Ok(order);
    }

    public static async Task<IResult> GetNoteAsync(HttpContext context, int id)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "notes", id + ".txt");
        if (!File.Exists(path))
        {
            return Results.NotFound();
        }

        await Task.Yield();
        var text = File.ReadAllText(path); // the note as the clerk wrote it
        return Results.Text(text);
    }

    public static async Task<int> TouchAllAsync(OrderStore store, IEnumerable<int> ids)
    {
        var touches = ids.Select(id => store.TouchAsync(id)).ToArray();
        Task.WaitAll(touches);
        await Task.Yield();
        return touches.Length;
    }
}
