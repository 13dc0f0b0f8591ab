using System.Net;
using System.Text;

namespace PriceCrawler;

/// <summary>Answers like the suppliers' price APIs, with latency and the odd failure, without a network.</summary>
public sealed class SimulatedSupplierHandler(int seed) : HttpMessageHandler
{
    private readonly Random _random = new(seed);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int latency;
        bool fail;
        lock (_random)
        {
            latency = _random.Next(5, 30);
            fail = _random.NextDouble() < 0.02;
        }

        await Task.Delay(latency, cancellationToken);
        if (fail)
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }

        var path = request.RequestUri!.AbsolutePath;
        var body = path.StartsWith("/rates/", StringComparison.Ordinal)
            ? "0.92"
            : (10 + Math.Abs(path.GetHashCode() % 9000) / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture) + " USD";
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
    }
}
