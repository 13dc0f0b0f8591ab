using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using AsyncGuard.Harness;
using AsyncGuard.Harness.Claims;
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
    /// Not timed tests, and never a verdict: they check the report's structure and the effects that cannot fail to hold
    /// on any machine, however loaded.
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
        public void Report_has_every_claim_with_its_experiment_verdict_and_reason()
        {
            Assert.Equal("quick", _run.Report.Mode);
            Assert.Contains("Python 3.8", _run.Report.Source, StringComparison.Ordinal);
            Assert.Equal(Enumerable.Range(1, 6), _run.Report.Claims.Select(c => c.Number));
            foreach (var claim in _run.Report.Claims)
            {
                Assert.Contains(claim.Verdict, new[] { Verdicts.Holds, Verdicts.HoldsInPart, Verdicts.DoesNotHold });
                Assert.False(string.IsNullOrWhiteSpace(claim.Claim));
                Assert.False(string.IsNullOrWhiteSpace(claim.Experiment));
                Assert.False(string.IsNullOrWhiteSpace(claim.Measured));
                Assert.False(string.IsNullOrWhiteSpace(claim.Reason));
                Assert.NotEmpty(claim.Figures);
                Assert.All(claim.Figures.Values, value => Assert.True(double.IsFinite(value)));
                Assert.Contains($"{claim.Number}  {claim.Verdict}", _run.Console, StringComparison.Ordinal);

                // A change is said as "n% less" or "n% more", never as a negative "less".
                Assert.DoesNotMatch(@"-\d+(\.\d+)?% (less|more)", claim.Measured + " " + claim.Reason);
            }

            Assert.True(_run.Report.LoadAfter.TotalTicks >= _run.Report.LoadBefore.TotalTicks);
        }

        [Fact]
        public void Report_files_are_written()
        {
            var markdown = File.ReadAllText(Path.Combine(_run.Folder, ReportWriter.MarkdownFile));
            Assert.Contains("| # | Claim (the article) | Verdict | Measured |", markdown, StringComparison.Ordinal);
            Assert.Contains("Machine load:", markdown, StringComparison.Ordinal);
            foreach (var chart in new[] { ReportWriter.SweepChartFile, ReportWriter.CapacityChartFile, ReportWriter.PoolChartFile })
            {
                Assert.Contains("](" + chart + ")", markdown, StringComparison.Ordinal);
                Assert.Contains("<svg", File.ReadAllText(Path.Combine(_run.Folder, chart)), StringComparison.Ordinal);
            }

            foreach (var claim in _run.Report.Claims)
            {
                Assert.Contains(claim.Reason, markdown, StringComparison.Ordinal);
            }

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run.Folder, ReportWriter.JsonFile)));
            Assert.Equal(6, json.RootElement.GetProperty("claims").GetArrayLength());
            Assert.Equal(_run.Report.CpuSweep.Count, json.RootElement.GetProperty("cpuSweep").GetArrayLength());
            Assert.Equal(_run.Report.FailureKinds.Count, json.RootElement.GetProperty("failureKinds").GetArrayLength());
        }

        [Fact]
        public void Blocking_items_run_one_after_another_and_awaited_ones_overlap()
        {
            var figures = _run.Report.Claims.Single(c => c.Number == 1).Figures;

            // n requests of L ms: blocking items cannot take less than n x L; the server never sees two at once.
            Assert.True(figures["sync_seconds"] >= figures["requests"] * figures["latency_ms"] / 1000 * 0.95, "blocking run was not sequential");
            Assert.Equal(1, figures["sync_server_max_in_flight"]);
            Assert.True(figures["async_server_max_in_flight"] > 1);
            Assert.True(figures["sync_cpu_percent"] > 0 && figures["async_cpu_percent"] > 0);
        }

        [Fact]
        public void A_pool_of_N_blocking_workers_cannot_beat_tasks_times_latency_over_N()
        {
            var figures = _run.Report.Claims.Single(c => c.Number == 3).Figures;
            foreach (var workers in new HarnessOptions { Quick = true }.Claim3Workers)
            {
                var floor = figures["tasks"] * figures["latency_ms"] / 1000 / workers;
                Assert.True(figures[$"threads_{workers}_seconds"] >= floor * 0.95, $"{workers} workers finished faster than {floor} s");
                Assert.InRange(figures[$"threads_{workers}_server_max_in_flight"], 1, workers);
                Assert.True(figures[$"threads_{workers}_process_threads"] >= workers);
            }
        }

        [Fact]
        public void Claim_4_samples_the_pool_of_both_runs()
        {
            Assert.NotEmpty(_run.Report.BlockingPool);
            Assert.NotEmpty(_run.Report.AwaitedPool);
            Assert.All(_run.Report.BlockingPool, s => Assert.True(s.Threads > 0));
        }

        [Fact]
        public void Sweeps_cover_their_degrees_and_the_throttle_bounds_what_the_server_sees()
        {
            var options = new HarnessOptions { Quick = true };
            Assert.Equal(options.Claim5Degrees, _run.Report.CpuSweep.Select(p => p.Degree));
            Assert.All(_run.Report.CpuSweep, p => Assert.Equal(0, p.Failures));
            Assert.All(_run.Report.CpuSweep.Where(p => p.Degree > 0), p => Assert.InRange(p.ServerMaxInFlight, 1, p.Degree));

            // A configured capacity: nothing rejected at or below it; a queueing server rejects nothing at all.
            Assert.Equal(options.CapacityDegrees, _run.Report.CapacitySweep.Select(p => p.Degree));
            Assert.All(_run.Report.CapacitySweep.Where(p => p.Degree is > 0 && p.Degree <= options.Capacity), p => Assert.Equal(0, p.Failures));
            Assert.All(_run.Report.QueuedSweep, p => Assert.Equal(0, p.Failures));
            Assert.All(_run.Report.QueuedSweep, p => Assert.InRange(p.ServerMaxInFlight, 1, options.Capacity));
        }

        [Fact]
        public void One_failing_item_loses_every_unguarded_batch_of_every_kind()
        {
            var perKind = _run.Report.FailureKinds.Where(k => k.Kind != "mixed").ToList();
            Assert.Equal(Experiments.InjectedFaults.Select(f => f.ToString()), perKind.Select(k => k.Kind));
            Assert.All(perKind, k => Assert.Equal(k.Trials, k.UnguardedLost));
            Assert.Contains(_run.Report.FailureKinds, k => k.Kind == "mixed");
        }

        [Fact]
        public void Sweep_analysis_finds_the_knee_from_the_points()
        {
            static SweepPoint Point(int degree, double seconds, double p99) => new(degree, 100, seconds, 0, p99 / 2, p99, 0, 0, degree, 0);

            // Throughput doubles up to 8, then stays flat while p99 grows: the knee is 8, a plateau (in part).
            var plateau = SweepAnalysis.Of(new[] { Point(1, 8, 10), Point(2, 4, 10), Point(4, 2, 10), Point(8, 1, 10), Point(16, 1, 20), Point(0, 1, 80) });
            Assert.Equal(8, plateau.Knee.Degree);
            Assert.Equal(Verdicts.HoldsInPart, plateau.Verdict);

            // Throughput falls past the peak: holds. Throughput still rising at the last degree: does not hold.
            Assert.Equal(Verdicts.Holds, SweepAnalysis.Of(new[] { Point(1, 8, 10), Point(8, 1, 10), Point(0, 2, 50) }).Verdict);
            Assert.Equal(Verdicts.DoesNotHold, SweepAnalysis.Of(new[] { Point(1, 8, 10), Point(8, 2, 10), Point(0, 1, 10) }).Verdict);
        }

        [Fact]
        public async Task Each_fault_fails_the_request_the_way_it_would_in_production()
        {
            await using var server = await ServerProcess.StartAsync();

            // Only the timeout fault gets the short client timeout: on a loaded machine a healthy first request can
            // take seconds, and it must not fail as a timeout.
            var (client, _) = server.CreateClient(TimeSpan.FromSeconds(60));
            var (impatient, _) = server.CreateClient(TimeSpan.FromSeconds(3));
            using (client)
            using (impatient)
            {
                var page = new PageRequest { LatencyMs = 1, Items = 5 };
                Assert.Equal(5, (await client.GetFromJsonAsync<CatalogPage>(page.PathOf(1)))!.Items.Count);

                var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetFromJsonAsync<CatalogPage>((page with { Fault = FaultKind.ServerError }).PathOf(2)));
                Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
                await Assert.ThrowsAsync<HttpRequestException>(() => client.GetFromJsonAsync<CatalogPage>((page with { Fault = FaultKind.ConnectionReset }).PathOf(3)));
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.GetFromJsonAsync<CatalogPage>((page with { Fault = FaultKind.Timeout }).PathOf(4)));
                var truncated = await Record.ExceptionAsync(() => client.GetFromJsonAsync<CatalogPage>((page with { Fault = FaultKind.TruncatedBody }).PathOf(5)));
                Assert.True(truncated is HttpRequestException or IOException, "a truncated body fails as IO: " + truncated);
                await Assert.ThrowsAsync<JsonException>(() => client.GetFromJsonAsync<CatalogPage>((page with { Fault = FaultKind.MalformedPayload }).PathOf(6)));
            }
        }

        [Fact]
        public async Task Capacity_limit_rejects_or_queues_the_requests_beyond_it()
        {
            await using var server = await ServerProcess.StartAsync();
            var (client, _) = server.CreateClient();
            using (client)
            {
                // 8 requests of 100 ms at once against 2 slots: rejected beyond the slots, or served two at a time.
                var rejecting = new PageRequest { LatencyMs = 100, Capacity = 2 };
                var statuses = await Task.WhenAll(rejecting.Paths(8).Select(async path => (int)(await client.GetAsync(path)).StatusCode));
                Assert.Contains(503, statuses);
                Assert.Contains(200, statuses);

                var queueing = rejecting with { Queue = true };
                var watch = System.Diagnostics.Stopwatch.StartNew();
                statuses = await Task.WhenAll(queueing.Paths(8, firstId: 100).Select(async path => (int)(await client.GetAsync(path)).StatusCode));
                Assert.All(statuses, status => Assert.Equal(200, status));
                Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(390), "8 requests through 2 slots of 100 ms cannot finish in under 400 ms");
                Assert.InRange((await server.StatsAsync()).MaxInFlight, 1, 8);
            }
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
