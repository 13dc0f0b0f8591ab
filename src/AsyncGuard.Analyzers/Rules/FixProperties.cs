namespace AsyncGuard.Rules
{
    /// <summary>
    /// Keys and values the analyzers put into <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> so that
    /// code fixes act on what the analyzer established instead of deriving it again.
    /// </summary>
    public static class FixProperties
    {
        /// <summary>Which rewrite applies; absent when no fix can keep the code compiling and meaning the same.</summary>
        public const string FixKind = "AG.FixKind";


        /// <summary>Name of the method to call instead (AG0002).</summary>
        public const string AsyncName = "AG.AsyncName";

        /// <summary>
        /// Name of the async method for the dual form (AG0002 in dual sync/async code): a key of its own, so that only
        /// the fix that keeps the sync path reads it.
        /// </summary>
        public const string DualAsyncName = "AG.DualAsyncName";

        /// <summary>The mode flag the dual form tests: <c>if (flag) await X.MAsync(..); else X.M(..);</c>.</summary>
        public const string ModeFlag = "AG.ModeFlag";

        /// <summary>Fully qualified type to call a static replacement on, when it is not the blocking call's type (AG0002).</summary>
        public const string ReplacementType = "AG.ReplacementType";

        /// <summary>The CancellationToken expression to pass as a new last argument; absent when none is passed.</summary>
        public const string CancellationToken = "AG.CancellationToken";

        /// <summary>Name of the token parameter, for a named argument where the call already uses named arguments.</summary>
        public const string CancellationParameterName = "AG.CancellationParameterName";

        /// <summary>"true" when the call initialises a <c>using</c> whose resource is IAsyncDisposable: it becomes <c>await using</c>.</summary>
        public const string AwaitUsing = "AG.AwaitUsing";

        /// <summary>The throttle's degree of concurrency (AG0003).</summary>
        public const string Degree = "AG.Degree";

        /// <summary>"true" when each item of the fan-out yields a value (Task&lt;T&gt;), "false" for Task (AG0003).</summary>
        public const string ItemHasResult = "AG.ItemHasResult";

        /// <summary>"true" when the fan-out's task is returned rather than awaited, so its throttle must outlive the block (AG0003).</summary>
        public const string ThrottleOutlivesBlock = "AG.ThrottleOutlivesBlock";

        /// <summary>"true" when the Parallel.ForEachAsync rewrite applies (AG0003).</summary>
        public const string ParallelForEach = "AG.ParallelForEach";


        /// <summary>
        /// "true" when the call is in a method async by contract (it returns a task without <c>async</c>): the fix must
        /// make the method async before it can await, which is offered in the light bulb only (AG0001, AG0002).
        /// </summary>
        public const string MakeAsync = "AG.MakeAsync";

        /// <summary>Index (in the argument list) of a CancellationToken argument that must be kept.</summary>
        public const string CancellationArgumentIndex = "AG.CancellationArgumentIndex";
    }

    /// <summary>The rewrite AG0002's fix knows.</summary>
    public static class CounterpartFixKinds
    {
        /// <summary><c>M(args)</c> becomes <c>await MAsync(args, token)</c>.</summary>
        public const string AwaitCounterpart = "AwaitCounterpart";

        /// <summary>In dual sync/async code, <c>M(args)</c> becomes <c>flag ? await MAsync(args, token) : M(args)</c> (or the if/else statement form).</summary>
        public const string DualAwaitCounterpart = "DualAwaitCounterpart";

        /// <summary><c>using</c> of a resource whose disposal does IO becomes <c>await using</c>.</summary>
        public const string AwaitUsing = "AwaitUsing";

        /// <summary><c>x?.Dispose();</c> of a resource whose disposal does IO becomes <c>if (x != null) { await x.DisposeAsync(); }</c>.</summary>
        public const string AwaitConditionalDisposal = "AwaitConditionalDisposal";
    }

    /// <summary>The rewrites AG0003's fix knows.</summary>
    public static class FanOutFixKinds
    {
        /// <summary>The Select's lambda or method group becomes an async lambda that awaits a SemaphoreSlim.</summary>
        public const string ThrottleSelector = "ThrottleSelector";

        /// <summary>The work a loop or query starts per item is wrapped in a throttled <c>Task.Run(async () => ..)</c>.</summary>
        public const string ThrottleStartedWork = "ThrottleStartedWork";
    }

    /// <summary>The rewrites AG0004's fix knows.</summary>
    public static class GuardFixKinds
    {
        /// <summary>The fan-out item that awaits the IO is wrapped in a try/catch of the failures that IO can raise, logged with the item.</summary>
        public const string WrapAwait = "WrapAwait";
    }

    /// <summary>The rewrites AG0005's fix knows.</summary>
    public static class AsyncVoidFixKinds
    {
        public const string ReturnTask = "ReturnTask";
        public const string ForEachLoop = "ForEachLoop";
        public const string ParallelForEachAsync = "ParallelForEachAsync";

        /// <summary>An override or interface implementation keeps its void signature; its body goes into a try/catch that logs.</summary>
        public const string CatchAndLog = "CatchAndLog";

        /// <summary>An override or interface implementation that awaits nothing loses its <c>async</c>.</summary>
        public const string RemoveAsync = "RemoveAsync";
    }

    /// <summary>The rewrites AG0001's fix knows.</summary>
    public static class BlockingFixKinds
    {
        /// <summary><c>t.Result</c>, <c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c> become <c>await t</c>.</summary>
        public const string AwaitReceiver = "AwaitReceiver";

        /// <summary><c>t.Wait(ct)</c> becomes <c>await t.WaitAsync(ct)</c>.</summary>
        public const string AwaitWaitAsync = "AwaitWaitAsync";

        /// <summary><c>Task.WaitAll(..)</c> becomes <c>await Task.WhenAll(..)</c>.</summary>
        public const string WhenAll = "WhenAll";

        /// <summary><c>Task.WaitAny(..)</c> whose index is unused becomes <c>await Task.WhenAny(..)</c>.</summary>
        public const string WhenAny = "WhenAny";

        /// <summary><c>Task.WaitAny(tasks)</c> whose index is used becomes <c>Array.IndexOf(tasks, await Task.WhenAny(tasks))</c>.</summary>
        public const string WhenAnyIndex = "WhenAnyIndex";
    }
}
