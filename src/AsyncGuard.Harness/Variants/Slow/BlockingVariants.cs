// AsyncGuard fixes applied to make Variants/Fast: AG0001, AG0002
#pragma warning disable CS1998 // The slow variants block instead of awaiting: that is the point.
namespace AsyncGuard.Harness.Variants.Slow;

/// <summary>Async code that blocks: what AG0001 and AG0002 flag.</summary>
public static class BlockingVariants
{
    /// <summary>Fetches every path "concurrently", but each item blocks on its response.</summary>
    public static async Task<int> FetchAllAsync(HttpClient client, IReadOnlyList<string> paths)
    {
        var lengths = await Task.WhenAll(paths.Select(async path =>
        {
            var body = client.GetStringAsync(path).Result;
            return body.Length;
        }));
        return lengths.Sum();
    }

    /// <summary>A request handler that pauses with Thread.Sleep and blocks on its IO.</summary>
    public static async Task<int> HandleAsync(HttpClient client, string path, int pauseMs)
    {
        Thread.Sleep(pauseMs);
        var body = client.GetStringAsync(path).GetAwaiter().GetResult();
        return body.Length;
    }
}
