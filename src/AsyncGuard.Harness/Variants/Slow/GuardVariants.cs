// AsyncGuard fixes applied to make Variants/Fast: AG0004
#nullable enable
namespace AsyncGuard.Harness.Variants.Slow;

/// <summary>A fan-out whose items await external IO unguarded: what AG0004 flags.</summary>
public static class GuardVariants
{
    public static async Task<string?[]> FetchAllAsync(HttpClient client, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        return await Task.WhenAll(paths.Select(async path => await client.GetStringAsync(path, cancellationToken)));
    }
}
