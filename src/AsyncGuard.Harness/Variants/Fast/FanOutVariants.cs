// AsyncGuard fixes applied to make Variants/Fast: AG0003
namespace AsyncGuard.Harness.Variants.Fast;

/// <summary>A fan-out with no bound on how many requests are in flight: what AG0003 flags.</summary>
public static class FanOutVariants
{
    public static async Task<string[]> FetchAllAsync(HttpClient client, IReadOnlyList<string> paths)
    {
        using var throttle = new SemaphoreSlim(8);
        return await Task.WhenAll(paths.Select(async path =>
        {
            await throttle.WaitAsync();
            try
            {
                return await client.GetStringAsync(path);
            }
            finally
            {
                throttle.Release();
            }
        }));
    }
}
