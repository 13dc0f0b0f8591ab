// Fast variant, generated: every AsyncGuard fix applied to Variants/Slow/GuardVariants.cs (regenerate: ASYNCGUARD_REGENERATE_FAST=1, see VariantFixTests).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace AsyncGuard.Harness.Variants.Fast;

/// <summary>Totalling the stock value of a large batch of catalog pages (claim 6).</summary>
public static class GuardVariants
{
    /// <summary>Fetches every page and totals its stock value; returns the value of each page fetched, by path.</summary>
    public static async Task<IReadOnlyDictionary<string, decimal>> StockValuesAsync(HttpClient client, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var values = new ConcurrentDictionary<string, decimal>();
        using var throttle = new SemaphoreSlim(8);
        await Task.WhenAll(paths.Select(async path =>
        {
            try
            {
                await throttle.WaitAsync(cancellationToken);
                try
                {
                    var page = await client.GetFromJsonAsync<CatalogPage>(path, cancellationToken);
                    values[path] = page?.StockValue() ?? 0;
                }
                finally
                {
                    throttle.Release();
                }
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or JsonException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", path, exception);
            }
        }));
        return values;
    }
}
