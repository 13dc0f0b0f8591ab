using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Harness;
using Xunit;

namespace AsyncGuard.Tests.Harness
{
    /// <summary>Runs the harness in quick mode once for the class; the report is what the tests read.</summary>
    public sealed class QuickHarnessRun : IAsyncLifetime
    {
        public string Folder { get; } = Path.Combine(Path.GetTempPath(), "asyncguard-harness-" + Guid.NewGuid().ToString("N"));

        public HarnessReport Report { get; private set; } = null!;

        public string Console { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            using var output = new StringWriter();
            Report = await HarnessRunner.RunAsync(new HarnessOptions { Quick = true, OutputFolder = Folder }, output);
            Console = output.ToString();
        }

        public Task DisposeAsync()
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Not timed tests: they check the report's structure and the effects that cannot fail to hold on any machine.
    /// </summary>
    [Trait("Category", "Harness")]
    public class HarnessTests : IClassFixture<QuickHarnessRun>
    {
        private readonly QuickHarnessRun _run;

        public HarnessTests(QuickHarnessRun run)
        {
            _run = run;
        }

        [Fact]
        public void Report_has_every_claim_with_a_verdict_and_its_reason()
        {
            Assert.Equal("quick", _run.Report.Mode);
            Assert.Equal(Enumerable.Range(1, 6), _run.Report.Claims.Select(c => c.Number));
            foreach (var claim in _run.Report.Claims)
            {
                Assert.Contains(claim.Verdict, new[] { Verdicts.Holds, Verdicts.HoldsInPart, Verdicts.DoesNotHold });
                Assert.False(string.IsNullOrWhiteSpace(claim.Claim));
                Assert.False(string.IsNullOrWhiteSpace(claim.Measured));
                Assert.False(string.IsNullOrWhiteSpace(claim.Reason));
                Assert.NotEmpty(claim.Figures);
                Assert.Contains($"{claim.Number}  {claim.Verdict}", _run.Console, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Report_files_are_written()
        {
            var markdown = File.ReadAllText(Path.Combine(_run.Folder, ReportWriter.MarkdownFile));
            Assert.Contains("| # | Claim | Measured | Verdict | Why |", markdown, StringComparison.Ordinal);
            Assert.Contains("](" + ReportWriter.ChartFile + ")", markdown, StringComparison.Ordinal);

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run.Folder, ReportWriter.JsonFile)));
            Assert.Equal(6, json.RootElement.GetProperty("claims").GetArrayLength());
            Assert.Equal(_run.Report.Sweep.Count, json.RootElement.GetProperty("sweep").GetArrayLength());
            Assert.Equal(_run.Report.QueuedSweep.Count, json.RootElement.GetProperty("queuedSweep").GetArrayLength());

            var svg = File.ReadAllText(Path.Combine(_run.Folder, ReportWriter.ChartFile));
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.Contains("Degree of concurrency", svg, StringComparison.Ordinal);
        }

        [Fact]
        public void Awaited_fan_out_beats_blocking_items_for_latency_bound_requests()
        {
            var figures = _run.Report.Claims.Single(c => c.Number == 1).Figures;

            // n requests of L ms: blocking items run one after another (at least n x L); awaited ones overlap.
            Assert.True(figures["sync_seconds"] >= figures["requests"] * figures["latency_ms"] / 1000 * 0.9, "blocking run was not sequential");
            Assert.True(figures["async_seconds"] < figures["sync_seconds"] / 2, "awaited run was not concurrent");
        }

        [Fact]
        public void Sweep_covers_the_degrees_and_unbounded_overruns_the_capacity()
        {
            var sweep = _run.Report.Sweep;
            Assert.Equal(new HarnessOptions { Quick = true }.Claim5Degrees, sweep.Select(p => p.Degree));

            // At a degree at or below the server's capacity nothing is rejected; unbounded, the burst exceeds it.
            Assert.All(sweep.Where(p => p.Degree is > 0 and <= 16), p => Assert.Equal(0, p.Failures));
            Assert.True(sweep.Single(p => p.Degree == 0).Failures > 0);

            // A queueing server fails nothing at any degree.
            Assert.Equal(sweep.Select(p => p.Degree), _run.Report.QueuedSweep.Select(p => p.Degree));
            Assert.All(_run.Report.QueuedSweep, p => Assert.Equal(0, p.Failures));
        }

        [Fact]
        public void Guarded_fan_out_never_loses_a_batch()
        {
            var figures = _run.Report.Claims.Single(c => c.Number == 6).Figures;
            Assert.Equal(0, figures["guarded_batch_loss_percent"]);
        }

        [Fact]
        public async Task Unguarded_WhenAll_loses_the_batch_when_an_item_fails_and_the_guarded_one_keeps_the_rest()
        {
            await using var server = await ServerProcess.StartAsync();
            using var client = server.CreateClient();

            // A seed where some, not all, of 40 items fail; the failing ids are known in advance.
            var settings = Enumerable.Range(1, 100)
                .Select(seed => new ServerSettings { LatencyMs = 1, FailureRate = 0.05, Seed = seed })
                .First(s => Enumerable.Range(0, 40).Count(id => LoopbackServer.Unit(s.Seed, id) < s.FailureRate) is > 0 and < 40);
            var failing = Enumerable.Range(0, 40).Count(id => LoopbackServer.Unit(settings.Seed, id) < settings.FailureRate);
            var paths = settings.Paths(40);

            await Assert.ThrowsAsync<HttpRequestException>(() => AsyncGuard.Harness.Variants.Slow.GuardVariants.FetchAllAsync(client, paths, CancellationToken.None));

            var kept = await AsyncGuard.Harness.Variants.Fast.GuardVariants.FetchAllAsync(client, paths, CancellationToken.None);
            Assert.Equal(40 - failing, kept);
        }

        [Fact]
        public async Task Capacity_limit_rejects_or_queues_the_requests_beyond_it()
        {
            await using var server = await ServerProcess.StartAsync();
            using var client = server.CreateClient();

            // 8 requests of 100 ms at once against 2 slots: rejected beyond the slots, or served two at a time.
            var rejecting = new ServerSettings { LatencyMs = 100, Capacity = 2 };
            var statuses = await Task.WhenAll(rejecting.Paths(8).Select(async path => (int)(await client.GetAsync(path)).StatusCode));
            Assert.Contains(503, statuses);
            Assert.Contains(200, statuses);

            var queueing = rejecting with { Queue = true };
            var watch = System.Diagnostics.Stopwatch.StartNew();
            statuses = await Task.WhenAll(queueing.Paths(8, firstId: 100).Select(async path => (int)(await client.GetAsync(path)).StatusCode));
            Assert.All(statuses, status => Assert.Equal(200, status));
            Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(390), "8 requests through 2 slots of 100 ms cannot finish in under 400 ms");
        }

        [Fact]
        public void Unknown_arguments_are_refused_with_a_message()
        {
            using var error = new StringWriter();
            var options = HarnessOptions.Parse(new[] { "--quick", "--fast" }, error, out var ok);
            Assert.False(ok);
            Assert.True(options.Quick);
            Assert.Contains("unknown argument '--fast'", error.ToString(), StringComparison.Ordinal);
        }
    }
}
