// Fast variant, generated: every AsyncGuard fix applied to Variants/Slow/FanOutVariants.cs (regenerate: ASYNCGUARD_REGENERATE_FAST=1, see VariantFixTests).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace AsyncGuard.Harness.Variants.Fast;

/// <summary>Fetching a batch of catalog pages from one server (claim 5).</summary>
public static class FanOutVariants
{
    /// <summary>Fetches every page; returns the pages fetched, in no particular order.</summary>
    public static async Task<IReadOnlyCollection<CatalogPage>> FetchAllAsync(HttpClient client, IReadOnlyList<string> paths)
    {
        var pages = new ConcurrentBag<CatalogPage>();
        using var throttle = new SemaphoreSlim(8);
        await Task.WhenAll(paths.Select(async path =>
        {
            try
            {
                await throttle.WaitAsync();
                try
                {
                    if (await client.GetFromJsonAsync<CatalogPage>(path) is { } page)
                    {
                        pages.Add(page);
                    }
                }
                finally
                {
                    throttle.Release();
                }
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException or JsonException)
            {
                Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", path, exception);
            }
        }));
        return pages;
    }
}
