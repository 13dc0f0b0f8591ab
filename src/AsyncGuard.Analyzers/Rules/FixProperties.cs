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

        /// <summary>Why no fix is offered, for diagnostics without <see cref="FixKind"/>.</summary>
        public const string NoFixReason = "AG.NoFixReason";

        /// <summary>Index (in the argument list) of a CancellationToken argument that must be kept.</summary>
        public const string CancellationArgumentIndex = "AG.CancellationArgumentIndex";
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
    }
}
