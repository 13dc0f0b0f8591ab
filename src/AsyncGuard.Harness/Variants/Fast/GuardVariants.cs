// AsyncGuard fixes applied to make Variants/Fast: AG0004
#nullable enable
namespace AsyncGuard.Harness.Variants.Fast;

/// <summary>A fan-out whose items await external IO unguarded: what AG0004 flags.</summary>
public static class GuardVariants
{
    public static async Task<string?[]> FetchAllAsync(HttpClient client, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        return await Task.WhenAll(paths.Select(async path => await SafeFetchAsync(() => client.GetStringAsync(path, cancellationToken), cancellationToken)));
    }

    /// <summary>
    /// Awaits one IO operation of a fan-out; an IO failure (or a timeout) is logged and yields the default
    /// instead of failing the whole batch. Cancellation requested through <paramref name="cancellationToken"/> still propagates.
    /// </summary>
    private static async Task<T?> SafeFetchAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken = default)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException || exception is IOException || exception is System.Data.Common.DbException || exception is System.Net.Sockets.SocketException || exception is TimeoutException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            System.Diagnostics.Trace.TraceWarning("An IO call of a fan-out item failed; the item is skipped: " + exception.Message);
            return default;
        }
    }
}
