// AsyncGuard fixes applied to make Variants/Fast: AG0004
#nullable enable
namespace AsyncGuard.Harness.Variants.Fast;

/// <summary>A fan-out whose items await external IO unguarded: what AG0004 flags. Returns how many items were fetched.</summary>
public static class GuardVariants
{
    public static async Task<int> FetchAllAsync(HttpClient client, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var fetched = 0;
        await Task.WhenAll(paths.Select(async path =>
        {
            try
            {
                await client.GetStringAsync(path, cancellationToken);
                Interlocked.Increment(ref fetched);
            }
            catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                System.Diagnostics.Trace.TraceWarning("Fan-out item {0} failed with an IO error; it is skipped: {1}", path, exception);
            }
        }));
        return fetched;
    }
}
