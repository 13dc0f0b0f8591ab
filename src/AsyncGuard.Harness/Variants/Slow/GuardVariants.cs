// AsyncGuard fixes applied to make Variants/Fast: AG0004
#nullable enable
namespace AsyncGuard.Harness.Variants.Slow;

/// <summary>A fan-out whose items await external IO unguarded: what AG0004 flags. Returns how many items were fetched.</summary>
public static class GuardVariants
{
    public static async Task<int> FetchAllAsync(HttpClient client, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var fetched = 0;
        await Task.WhenAll(paths.Select(async path =>
        {
            await client.GetStringAsync(path, cancellationToken);
            Interlocked.Increment(ref fetched);
        }));
        return fetched;
    }
}
