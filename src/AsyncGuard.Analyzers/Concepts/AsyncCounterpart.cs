using Microsoft.CodeAnalysis;

namespace AsyncGuard.Concepts
{
    /// <summary>The awaitable replacement of a blocking method, as found for one method symbol.</summary>
    internal sealed class AsyncCounterpart
    {
        public AsyncCounterpart(IMethodSymbol? withoutToken, IMethodSymbol? withToken, bool isOnOtherType)
        {
            WithoutToken = withoutToken;
            WithToken = withToken;
            IsOnOtherType = isOnOtherType;
        }

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
