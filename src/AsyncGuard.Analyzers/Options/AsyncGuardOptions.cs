using System.Collections.Immutable;
using AsyncGuard.Rules;

namespace AsyncGuard.Options
{
    /// <summary>
    /// Every AsyncGuard option. Rules, fixes, AG0006 and the generated documentation read these definitions; adding
    /// an option here is all it takes for it to be validated and documented.
    /// </summary>
    internal static class AsyncGuardOptions
    {
        /// <summary>The prefix of every AsyncGuard key; an unknown key with it is reported by AG0006.</summary>
        public const string KeyPrefix = "asyncguard.";

        public static readonly NameListOption ExcludedApis = new NameListOption(
            RuleIds.AsyncCounterpart,
            "excluded_apis",
            "Namespace.Type[.Method]",
            "APIs never to report: a type (every method) or a method (every overload).");

        public static readonly IntOption BoundedItemCount = new IntOption(
            RuleIds.UnboundedFanOut,
            "bounded_item_count",
            defaultValue: 32,
            min: 0,
            max: int.MaxValue,
            "A fan-out over a source with at most this many items (a constant the code states) is not reported.");

        public static readonly IntOption MaxConcurrency = new IntOption(
            RuleIds.UnboundedFanOut,
            "max_concurrency",
            defaultValue: 8,
            min: 1,
            max: 10000,
            "The degree of concurrency the fix writes into the throttle.");

        public static readonly ChoiceOption GuardScope = new ChoiceOption(
            RuleIds.UnguardedFanOutIo,
            "scope",
            ImmutableArray.Create("fan_out", "loops", "everywhere"),
            "Where an unguarded await of external IO is reported: inside fan-outs only, also in loops, or everywhere.");

        public static readonly NameListOption ExternalIoTypes = new NameListOption(
            RuleIds.UnguardedFanOutIo,
            "external_io_types",
            "Namespace.Type",
            "More types whose task-returning methods are external IO (nested types as Outer+Inner).");

        /// <summary>AG0001: whether methods that return an awaitable without <c>async</c> count as async code.</summary>
        public static readonly ChoiceOption BlockingAsyncCode = AsyncCodeOption(RuleIds.BlockingTask);

        /// <summary>AG0002: whether methods that return an awaitable without <c>async</c> count as async code.</summary>
        public static readonly ChoiceOption CounterpartAsyncCode = AsyncCodeOption(RuleIds.AsyncCounterpart);

        public static readonly ImmutableArray<OptionDefinition> All = ImmutableArray.Create<OptionDefinition>(
            ExcludedApis, CounterpartAsyncCode, BlockingAsyncCode, BoundedItemCount, MaxConcurrency, GuardScope, ExternalIoTypes);

        /// <summary>The value of an async_code option that adds methods async by contract (the default).</summary>
        public const string ByContract = "by_contract";

        private static ChoiceOption AsyncCodeOption(string ruleId) => new ChoiceOption(
            ruleId,
            "async_code",
            ImmutableArray.Create(ByContract, "async_keyword"),
            "What counts as async code: bodies marked async and also methods and local functions that return Task, ValueTask or IAsyncEnumerable without async (by_contract: their callers await them and expect them not to block), or bodies marked async only (async_keyword).");
    }
}
