// AsyncGuard fixes applied to make Variants/Fast: AG0003
namespace AsyncGuard.Harness.Variants.Slow;

/// <summary>A fan-out with no bound on how many requests are in flight: what AG0003 flags.</summary>
public static class FanOutVariants
{
    public static async Task<string[]> FetchAllAsync(HttpClient client, IReadOnlyList<string> paths)
    {
        return await Task.WhenAll(paths.Select(path => client.GetStringAsync(path)));
    }
}
