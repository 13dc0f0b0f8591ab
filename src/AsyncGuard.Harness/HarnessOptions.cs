using System.Globalization;

namespace AsyncGuard.Harness;

/// <summary>Sizes of one run: the claims' own (full) or small ones that finish in about half a minute (quick, for tests).</summary>
internal sealed record HarnessOptions
{
    public bool Quick { get; init; }

    public string OutputFolder { get; init; } = "harness-report";

    /// <summary>Claim 1: the article's 100 requests; 150 ms each makes its synchronous 15 s.</summary>
    public int Claim1Requests => Quick ? 20 : 100;

    public int Claim1LatencyMs => Quick ? 40 : 150;

    /// <summary>Products per catalog page the client parses (claims 1 and 2): about 0.2 KB each.</summary>
    public int PageItems => Quick ? 100 : 250;

    /// <summary>Claim 3: short IO tasks, run by 10 and by 20 worker threads.</summary>
    public int Claim3Tasks => Quick ? 200 : 1000;

    public int Claim3LatencyMs => 10;

    public IReadOnlyList<int> Claim3Workers => [10, 20];

    /// <summary>Each configuration of claim 3 runs this many times (fresh processes); the median is reported.</summary>
    public int Claim3Repeats => Quick ? 1 : 3;

    public int Claim4Handlers => Quick ? 20 : 200;

    /// <summary>Claim 5, server with CPU work: requests per degree, and the products each request renders afresh.</summary>
    public int Claim5Requests => Quick ? 64 : 600;

    public int Claim5RenderItems => 300;

    public int Claim5LatencyMs => 20;

    public IReadOnlyList<int> Claim5Degrees => Quick ? [1, 4, 16, 64, 0] : [1, 2, 4, 8, 12, 16, 24, 32, 64, 128, 256, 0];

    /// <summary>Claim 5's second scenario: a server whose capacity we configure.</summary>
    public int CapacityRequests => Quick ? 64 : 256;

    public int Capacity => 16;

    public IReadOnlyList<int> CapacityDegrees => Quick ? [1, 16, 0] : [1, 4, 8, 16, 32, 64, 0];

    public int Claim6Items => Quick ? 100 : 500;

    /// <summary>Claim 6: batches per failure kind, each with exactly one failing item.</summary>
    public int Claim6TrialsPerKind => Quick ? 1 : 10;

    /// <summary>Claim 6: batches of the mixed run, where failures of every kind occur at the article's rate.</summary>
    public int Claim6MixedTrials => Quick ? 6 : 100;

    /// <summary>Claim 6: the client's timeout; a "slow" response takes longer.</summary>
    public TimeSpan Claim6Timeout => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(2);

    public static HarnessOptions Parse(string[] args, TextWriter error, out bool ok)
    {
        var options = new HarnessOptions();
        ok = true;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    options = options with { Quick = true };
                    break;
                case "--out" when i + 1 < args.Length:
                    options = options with { OutputFolder = args[++i] };
                    break;
                default:
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"unknown argument '{args[i]}'. Usage: [--quick] [--out folder]"));
                    ok = false;
                    break;
            }
        }

        return options;
    }
}
