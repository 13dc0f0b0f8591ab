using System.Diagnostics.CodeAnalysis;

// The tests run AsyncGuard, the SDK's async rules and the VS Threading analyzers on themselves (build/SelfAnalysis.props).
// What is suppressed here is deliberate.

[assembly: SuppressMessage("AsyncGuard", "AG0003", Scope = "member", Target = "~M:AsyncGuard.Tests.Harness.HarnessTests.Capacity_limit_rejects_or_queues_the_requests_beyond_it~System.Threading.Tasks.Task", Justification = "Eight requests at once against two slots is what the test checks the server with.")]
[assembly: SuppressMessage("AsyncGuard", "AG0004", Scope = "member", Target = "~M:AsyncGuard.Tests.Harness.HarnessTests.Capacity_limit_rejects_or_queues_the_requests_beyond_it~System.Threading.Tasks.Task", Justification = "A failed request must fail the test.")]
