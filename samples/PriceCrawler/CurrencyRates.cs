using System.Globalization;

namespace PriceCrawler;

public sealed class CurrencyRates(HttpClient http)
{
    private readonly Dictionary<string, Task<decimal>> _cache = new();

    public async Task<decimal> GetRateAsync(string from, string to)
    {
        Task<decimal> pending;
        lock (_cache)
        {
            if (!_cache.TryGetValue(from + to, out pending!))
            {
                pending = FetchRateAsync(from, to);
                _cache[from + to] = pending;
            }
        }

        // Not a diagnostic: the task is known to be complete here.
        if (pending.IsCompletedSuccessfully)
        {
            return pending.Result;
        }

        // AG0001: GetAwaiter().GetResult() blocks just like .Result.
        return pending.GetAwaiter().GetResult();
    }

    private async Task<decimal> FetchRateAsync(string from, string to)
    {
        var text = await http.GetStringAsync($"rates/{from}/{to}");
        return decimal.Parse(text, CultureInfo.InvariantCulture);
    }
}
