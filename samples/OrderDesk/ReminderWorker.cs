namespace OrderDesk;

/// <summary>Background work: reminders for open orders.</summary>
public sealed class ReminderWorker(OrderStore store, ILogger<ReminderWorker> logger) : BackgroundService
{
    private readonly List<int> _reminded = new();

    public IReadOnlyList<int> Reminded => _reminded;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RemindAllAsync(new[] { 1, 2, 3 }, stoppingToken);
        stoppingToken.Register(async () => await store.TouchAsync(0)); // AG0005: no automatic fix (a callback nobody can await)
    }

    public async Task RemindAllAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        list.ForEach(async id => await RemindAsync(id));
        Parallel.ForEach(list, async id => await store.TouchAsync(id));
        await Task.Yield();
        Thread.Sleep(1);
    }

    private async Task RemindAsync(int id)
    {
        var order = await store.FindAsync(id);
        if (order is not null)
        {
            lock (_reminded)
            {
                _reminded.Add(order.Id);
            }
        }
    }

    private async void LogStartup() => await Task.Run(() => logger.LogInformation("Reminder worker ready"));
}
