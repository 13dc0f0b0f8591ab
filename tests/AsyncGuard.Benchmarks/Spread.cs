using System.Globalization;

namespace AsyncGuard.Benchmarks;

/// <summary>The median and range of one figure over the measured iterations.</summary>
internal readonly record struct Spread(double Median, double Min, double Max)
{
    public static Spread Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return default;
        }

        var sorted = values.OrderBy(v => v).ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }

    /// <summary>The two ranges do not overlap: the only case in which a difference is stated.</summary>
    public bool IsBelow(Spread other) => Max < other.Min;

    public string Format(string format) => string.Create(CultureInfo.InvariantCulture, $"{Median.ToString(format, CultureInfo.InvariantCulture)} ({Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)})");
}
