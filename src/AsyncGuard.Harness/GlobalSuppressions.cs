using System.Diagnostics.CodeAnalysis;

// The harness runs AsyncGuard, the SDK's async rules and the VS Threading analyzers on itself (build/SelfAnalysis.props).
// What is suppressed here is deliberate: it is the behaviour the harness exists to measure.

[assembly: SuppressMessage("AsyncGuard", "AG0001", Scope = "namespaceanddescendants", Target = "~N:AsyncGuard.Harness.Variants.Slow", Justification = "The slow variants are the mistakes the harness measures; Variants/Fast is what the fixes make of them.")]
[assembly: SuppressMessage("AsyncGuard", "AG0002", Scope = "namespaceanddescendants", Target = "~N:AsyncGuard.Harness.Variants.Slow", Justification = "The slow variants are the mistakes the harness measures; Variants/Fast is what the fixes make of them.")]
[assembly: SuppressMessage("AsyncGuard", "AG0003", Scope = "namespaceanddescendants", Target = "~N:AsyncGuard.Harness.Variants.Slow", Justification = "The slow variants are the mistakes the harness measures; Variants/Fast is what the fixes make of them.")]
[assembly: SuppressMessage("AsyncGuard", "AG0004", Scope = "namespaceanddescendants", Target = "~N:AsyncGuard.Harness.Variants.Slow", Justification = "The slow variants are the mistakes the harness measures; Variants/Fast is what the fixes make of them.")]
[assembly: SuppressMessage("Performance", "CA1849", Scope = "namespaceanddescendants", Target = "~N:AsyncGuard.Harness.Variants.Slow", Justification = "The slow variants block on purpose: blocking is what they measure.")]
[assembly: SuppressMessage("Usage", "VSTHRD103", Scope = "namespaceanddescendants", Target = "~N:AsyncGuard.Harness.Variants.Slow", Justification = "The slow variants block on purpose: blocking is what they measure.")]

[assembly: SuppressMessage("AsyncGuard", "AG0003", Scope = "member", Target = "~M:AsyncGuard.Harness.FreshProcessRun.RunAsync(System.String[])~System.Threading.Tasks.Task{System.Int32}", Justification = "Claim 4 starts every handler of the burst at once: the unbounded burst is the experiment.")]
[assembly: SuppressMessage("AsyncGuard", "AG0004", Scope = "member", Target = "~M:AsyncGuard.Harness.FreshProcessRun.RunAsync(System.String[])~System.Threading.Tasks.Task{System.Int32}", Justification = "A failed request must fail the measurement, not be counted as a fast one.")]
[assembly: SuppressMessage("AsyncGuard", "AG0004", Scope = "member", Target = "~M:AsyncGuard.Harness.FreshProcessRun.AwaitedRequestsAsync(System.Net.Http.HttpClient,System.Collections.Generic.IReadOnlyList{System.String},System.Int32,System.Collections.Concurrent.ConcurrentBag{System.Double})~System.Threading.Tasks.Task", Justification = "A failed request must fail the measurement, not be counted as a fast one.")]
