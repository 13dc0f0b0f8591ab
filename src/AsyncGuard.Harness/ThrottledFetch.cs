namespace AsyncGuard.Harness;

/// <summary>
/// The sweep's fan-out: the same throttle shape as AG0003's fix, with the degree as a parameter, and each item's
/// failure counted instead of failing the batch (so a point shows time and failures together).
/// </summary>
internal static class ThrottledFetch
{
    /// <summary>Fetches every path at most <paramref name="degree"/> at a time (0: unbounded); returns the failures.</summary>
    public static async Task<int> CountFailuresAsync(HttpClient client, IReadOnlyList<string> paths, int degree)
    {
        using var throttle = degree > 0 ? new SemaphoreSlim(degree) : null;
        var outcomes = await Task.WhenAll(paths.Select(async path =>
        {
            if (throttle != null)
            {
                await throttle.WaitAsync();
            }

            try
            {
                using var response = await client.GetAsync(path);
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (HttpRequestException)
            {
                return 1;
            }
            finally
            {
                throttle?.Release();
            }
        }));
        return outcomes.Sum();
    }
}
