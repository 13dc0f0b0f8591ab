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
        return pending.GetAwaiter().GetResult(); // expect: AG0001
    }

    public async Task<decimal[]> PreloadAsync(IEnumerable<string> currencies, string to)
    {
        // AG0003: query syntax starts one rate request per currency, all at once.
        return await Task.WhenAll(from currency in currencies select GetRateAsync(currency, to)); // expect: AG0003
    }

    private async Task<decimal> FetchRateAsync(string from, string to)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var text = await http.GetStringAsync($"rates/{from}/{to}");
                return decimal.Parse(text, CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException) when (attempt < 3)
            {
                // AG0002: Thread.Sleep holds the thread during the back-off; Task.Delay does not.
                Thread.Sleep(50 * attempt); // expect: AG0002
            }
        }
    }
}
