using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// Disposal that does IO, so that async code should await it: closing a database reader or connection (the
    /// provider drains the result set, returns the connection), a transaction (a rollback), a file or network stream
    /// or a writer over one (a flush). In-memory streams and writers do nothing worth awaiting, and neither do command
    /// objects. Only types that have the async member in this compilation count: the fix must compile.
    /// </summary>
    internal sealed class IoDisposal
    {
        private static readonly string[] IoTypeNames =
        {
            "System.IO.Stream",
            "System.IO.TextWriter",
            "System.IO.BinaryWriter",
            "System.Data.Common.DbConnection",
            "System.Data.Common.DbDataReader",
            "System.Data.Common.DbTransaction",
        };

        private readonly WellKnownSymbols _types;
        private readonly ImmutableArray<INamedTypeSymbol> _ioTypes;

        public IoDisposal(WellKnownSymbols types)
        {
            _types = types;
            _ioTypes = types.IAsyncDisposable == null ? ImmutableArray<INamedTypeSymbol>.Empty : types.ResolveAll(IoTypeNames);
        }

        /// <summary>Disposing an instance of <paramref name="type"/> does IO, and it has <c>DisposeAsync</c>.</summary>
        private bool IsIoDisposable(ITypeSymbol? type)
            => type != null
                && WellKnownSymbols.IsOrDerivesFromAny(type, _ioTypes)
                && !WellKnownSymbols.IsOrDerivesFromAny(type, _types.InMemoryIoTypes)
                && WellKnownSymbols.IsOrImplements(type, _types.IAsyncDisposable);

        /// <summary>
        /// What to await instead of <c>x.Dispose()</c> / <c>x.Close()</c> on a <paramref name="type"/>: its
        /// <c>CloseAsync()</c> for <c>Close</c> where it has one (a closed connection can be opened again), else
        /// <c>DisposeAsync()</c>. Null when the disposal does no IO or has no async form.
        /// </summary>
        public IMethodSymbol? AsyncFormOf(string disposeOrClose, ITypeSymbol? type)
        {
            if (!IsIoDisposable(type))
            {
                return null;
            }

            IMethodSymbol? disposeAsync = null;
            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IMethodSymbol { IsStatic: false, Parameters.IsEmpty: true, DeclaredAccessibility: Accessibility.Public } method
                        && _types.IsTaskOrValueTask(method.ReturnType))
                    {
                        if (disposeOrClose == "Close" && method.Name == "CloseAsync")
                        {
                            return GainsSomething(method, type!) ? method : null;
                        }

                        if (method.Name == "DisposeAsync")
                        {
                            disposeAsync ??= method;
                        }
                    }
                }
            }

            return disposeAsync != null && GainsSomething(disposeAsync, type!) ? disposeAsync : null;
        }

        /// <summary>
        /// The IO base classes' own async forms only call the sync one (<c>Stream.DisposeAsync</c> calls
        /// <c>Dispose</c>). A concrete type that inherits it unchanged (<c>NetworkStream</c>) gains nothing; the base
        /// type itself stands for whatever derived type is behind it, which usually overrides it.
        /// </summary>
        private bool GainsSomething(IMethodSymbol asyncForm, ITypeSymbol receiverType)
            => !WellKnownSymbols.IsAny(asyncForm.ContainingType, _ioTypes)
                || WellKnownSymbols.Is(receiverType, asyncForm.ContainingType);
    }
}
