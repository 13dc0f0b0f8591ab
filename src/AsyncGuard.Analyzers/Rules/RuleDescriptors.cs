using Microsoft.CodeAnalysis;

namespace AsyncGuard.Rules
{
    /// <summary>The one place where rule IDs and their descriptors are defined.</summary>
    public static class RuleIds
    {
        public const string BlockingTask = "AG0001";
        public const string AsyncCounterpart = "AG0002";
        public const string UnboundedFanOut = "AG0003";
        public const string UnguardedFanOutIo = "AG0004";
        public const string AsyncVoid = "AG0005";
        public const string InvalidConfiguration = "AG0006";
    }

    /// <summary>Diagnostic categories follow the conventional Roslyn names so severity-by-category config works.</summary>
    internal static class RuleCategories
    {
        public const string Performance = "Performance";
        public const string Reliability = "Reliability";
        public const string Usage = "Usage";
    }

    public static class RuleDescriptors
    {
        /// <summary>Help links point at the rule page in the repository; tests check the page exists.</summary>
        public const string HelpLinkBase = "https://github.com/asyncguard/asyncguard/blob/main/docs/rules/";

        /// <summary>Every rule is a warning, on by default, with its page under <see cref="HelpLinkBase"/>.</summary>
        private static DiagnosticDescriptor Rule(string id, string category, string title, string messageFormat, string description, params string[] customTags)
            => new DiagnosticDescriptor(id, title, messageFormat, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description, HelpLinkBase + id + ".md", customTags);

        public static readonly DiagnosticDescriptor BlockingTask = Rule(
            RuleIds.BlockingTask,
            RuleCategories.Performance,
            title: "Do not block on a task in async code",
            messageFormat: "'{0}' blocks the calling thread in async code; {1}",
            description: "Blocking on a task with .Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll or Task.WaitAny "
                + "inside async code holds a thread-pool thread for the whole operation, which starves the pool under load "
                + "and can deadlock under a synchronization context. Await the task instead.");

        public static readonly DiagnosticDescriptor AsyncCounterpart = Rule(
            RuleIds.AsyncCounterpart,
            RuleCategories.Performance,
            title: "Call the async counterpart in async code",
            messageFormat: "'{0}' blocks the calling thread in async code; await '{1}' instead",
            description: "A synchronous IO call or sleep inside async code holds a thread-pool thread for its whole duration. "
                + "When the API has an awaitable counterpart with the same parameters, await it instead and pass the "
                + "CancellationToken in scope.");

        public static readonly DiagnosticDescriptor UnboundedFanOut = Rule(
            RuleIds.UnboundedFanOut,
            RuleCategories.Reliability,
            title: "Bound the concurrency of a fan-out",
            messageFormat: "{0} starts one task per item of '{1}' with nothing limiting how many run at once; throttle it",
            description: "Starting a task per item of an unbounded collection and joining them with Task.WhenAll puts every "
                + "request in flight at once: connection pools, remote rate limits and memory take the whole burst, and "
                + "failures and timeouts follow. Limit how many items run at once with a SemaphoreSlim throttle or "
                + "Parallel.ForEachAsync with MaxDegreeOfParallelism.");

        public static readonly DiagnosticDescriptor UnguardedFanOutIo = Rule(
            RuleIds.UnguardedFanOutIo,
            RuleCategories.Reliability,
            title: "Guard external IO awaited inside a fan-out",
            messageFormat: "{0} can fail, and unguarded inside a fan-out one failure loses the results of every other item; guard it",
            description: "When one task of a Task.WhenAll fan-out throws, awaiting the WhenAll throws and the results of "
                + "every task that succeeded are lost with it: one flaky endpoint fails the whole batch. Catch the IO "
                + "failures of each item (HttpRequestException, IOException, DbException, SocketException, TimeoutException) "
                + "so the batch keeps what succeeded; cancellation requested by the caller still propagates.");

        public static readonly DiagnosticDescriptor AsyncVoid = Rule(
            RuleIds.AsyncVoid,
            RuleCategories.Reliability,
            title: "Do not use async void outside event handlers",
            messageFormat: "{0} is async void: {1}",
            description: "An async void method or lambda cannot be awaited: its caller goes on before it finishes, and an "
                + "exception it throws is raised on the synchronization context or thread pool, where it ends the process. "
                + "Only event handlers need to be async void.");

        public static readonly DiagnosticDescriptor InvalidConfiguration = Rule(
            RuleIds.InvalidConfiguration,
            RuleCategories.Usage,
            title: "AsyncGuard configuration entry is not valid",
            messageFormat: "AsyncGuard ignored a configuration entry: {0}",
            description: "An .editorconfig option or an AsyncGuard AdditionalFile entry could not be read. The entry is "
                + "ignored and the default applies; the build goes on.",
            WellKnownDiagnosticTags.CompilationEnd);
    }
}
