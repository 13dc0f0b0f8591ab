using System.Globalization;

namespace AsyncGuard.Harness;

/// <summary>Sizes of one run: the claims' own (full) or small ones that finish in seconds (quick, for CI).</summary>
internal sealed record HarnessOptions
{
    public bool Quick { get; init; }

    public string OutputFolder { get; init; } = "harness-report";

    public int Claim1Requests => Quick ? 20 : 100;

    public int Claim1LatencyMs => Quick ? 40 : 150;

    public int Claim3Tasks => Quick ? 60 : 300;

    public int Claim4Handlers => Quick ? 40 : 200;

    public int Claim5Requests => Quick ? 128 : 1024;

    public int Claim5Capacity => 16;

    public IReadOnlyList<int> Claim5Degrees => Quick ? [1, 4, 16, 64, 0] : [1, 2, 4, 8, 16, 32, 64, 128, 256, 0];

    // The sweep includes the capacity itself, so the report can compare the two modes there.

    public int Claim6Items => Quick ? 100 : 500;

    public int Claim6Trials => Quick ? 30 : 200;

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
