using Microsoft.CodeAnalysis;

namespace AsyncGuard.Concepts
{
    /// <summary>The awaitable replacement of a blocking method, as found for one method symbol.</summary>
    internal sealed class AsyncCounterpart
    {
        public AsyncCounterpart(IMethodSymbol? withoutToken, IMethodSymbol? withToken, bool isOnOtherType, bool yieldsAsyncStream = false, bool needsOtherArguments = false)
        {
            WithoutToken = withoutToken;
            WithToken = withToken;
            IsOnOtherType = isOnOtherType;
            YieldsAsyncStream = yieldsAsyncStream;
            NeedsOtherArguments = needsOtherArguments;
        }

        /// <summary>
        /// The counterpart returns <c>IAsyncEnumerable&lt;T&gt;</c> where the blocking method returns <c>IEnumerable&lt;T&gt;</c>
        /// (<c>File.ReadLines</c> → <c>File.ReadLinesAsync</c>): it is consumed with <c>await foreach</c>, not awaited.
        /// </summary>
        public bool YieldsAsyncStream { get; }

        /// <summary>
        /// The counterpart takes the call's arguments only once a span argument is written as memory
        /// (<c>stream.Write(buffer.AsSpan(0, n))</c> → <c>WriteAsync(buffer.AsMemory(0, n), ct)</c>).
        /// </summary>
        public bool NeedsOtherArguments { get; }

        /// <summary>The fix's plain rewrite (<c>await</c> the counterpart with the same arguments) keeps the code compiling.</summary>
        public bool IsAwaitableWithSameArguments => !YieldsAsyncStream && !NeedsOtherArguments;

        /// <summary>The overload with the blocking method's parameters, e.g. <c>StreamReader.ReadToEndAsync()</c>.</summary>
        public IMethodSymbol? WithoutToken { get; }

        /// <summary>The overload with one more, trailing CancellationToken parameter.</summary>
        public IMethodSymbol? WithToken { get; }

        /// <summary>A static method of another type (<c>Thread.Sleep</c> → <c>Task.Delay</c>).</summary>
        public bool IsOnOtherType { get; }

        public IMethodSymbol Any => (WithToken ?? WithoutToken)!;

        /// <summary>
        /// The overload to call: the one taking a token when a token is at hand, otherwise the one without, otherwise the
        /// token overload (with its default value, or <c>CancellationToken.None</c>).
        /// </summary>
        public IMethodSymbol Choose(bool tokenInScope)
            => tokenInScope ? (WithToken ?? WithoutToken)! : (WithoutToken ?? WithToken)!;
    }
}
