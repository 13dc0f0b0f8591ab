using System.Collections.Concurrent;

namespace OrderDesk;

public sealed record Order(int Id, string Customer, decimal Total);

/// <summary>An in-memory order store whose calls complete at once, like a warm cache.</summary>
public sealed class OrderStore
{
    private readonly ConcurrentDictionary<int, Order> _orders = new();

    public OrderStore()
    {
        for (var id = 1; id <= 6; id++)
        {
            _orders[id] = new Order(id, "customer-" + id, id * 12.5m);
        }
    }

    public Task<Order?> FindAsync(int id, CancellationToken cancellationToken = default)
        => Task.FromResult(_orders.TryGetValue(id, out var order) ? order : null);

    public Task SaveAsync(Order order, CancellationToken cancellationToken = default)
    {
        _orders[order.Id] = order;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Order>> AllAsync()
        => Task.FromResult<IReadOnlyList<Order>>(_orders.Values.OrderBy(o => o.Id).ToList());

    public Task TouchAsync(int id) => Task.CompletedTask;
}
