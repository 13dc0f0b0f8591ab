using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// External IO, resolved once per compilation: calls on HttpClient / HttpMessageInvoker, Stream and its network
    /// and file kinds, Socket, the ADO.NET Db* types, File, plus types the user configures; and the exceptions whose
    /// catch guards them (HttpRequestException, IOException, DbException, SocketException, TimeoutException, or a base
    /// type of one of them such as Exception).
    /// </summary>
    internal sealed class ExternalIo
    {
        private static readonly string[] IoTypeNames =
        {
            "System.Net.Http.HttpMessageInvoker",
            "System.IO.Stream",
            "System.Net.Sockets.Socket",
            "System.Data.Common.DbConnection",
            "System.Data.Common.DbCommand",
            "System.Data.Common.DbDataReader",
            "System.Data.Common.DbTransaction",
            "System.Data.Common.DbBatch",
            "System.IO.File",
            "System.IO.TextReader",
            "System.IO.TextWriter",
        };

        /// <summary>The exceptions that mean an IO call failed; the fix's catch filter lists the same ones.</summary>
        internal static readonly ImmutableArray<string> FailureTypeNames = ImmutableArray.Create(
            "System.Net.Http.HttpRequestException",
            "System.IO.IOException",
            "System.Data.Common.DbException",
            "System.Net.Sockets.SocketException",
            "System.TimeoutException");

        private readonly ImmutableArray<INamedTypeSymbol> _ioTypes;
        private readonly ImmutableArray<INamedTypeSymbol> _failures;

        public ExternalIo(WellKnownSymbols types, ImmutableArray<string> extraTypes)
        {
            _ioTypes = types.ResolveAll(IoTypeNames).AddRange(types.ResolveAll(extraTypes));
            _failures = types.ResolveAll(FailureTypeNames);
        }

        /// <summary>An invocation of a task-returning method on an external IO type (by receiver or declaring type).</summary>
        public bool IsIoCall(IOperation operation, WellKnownSymbols types)
        {
            operation = OperationShapes.StripConfigureAwait(operation);
            return operation is IInvocationOperation invocation
                && IsIoMethod(invocation.TargetMethod, ReceiverOf(invocation)?.Type, types);
        }

        /// <summary>The receiver of a call; for an extension method (<c>http.GetFromJsonAsync(..)</c>) its first argument.</summary>
        private static IOperation? ReceiverOf(IInvocationOperation invocation)
            => invocation.Instance is { } instance ? FanOut.Unwrap(instance)
                : invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? FanOut.Unwrap(invocation.Arguments[0].Value)
                : null;

        /// <summary>A task-returning method of an external IO type, called on a receiver of <paramref name="receiverType"/>.</summary>
        public bool IsIoMethod(IMethodSymbol method, ITypeSymbol? receiverType, WellKnownSymbols types)
            => types.IsTaskLike(method.ReturnType)
                && method.Name != "DisposeAsync"
                && (IsIoType(method.ContainingType) || IsIoType(receiverType));

        private bool IsIoType(ITypeSymbol? type)
        {
            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                foreach (var io in _ioTypes)
                {
                    if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, io))
                    {
                        return true;
                    }
                }
            }

            if (type != null)
            {
                foreach (var @interface in type.AllInterfaces)
                {
                    foreach (var io in _ioTypes)
                    {
                        if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, io))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// A try around <paramref name="node"/> (inside <paramref name="boundary"/>) has a catch of an IO failure or a base
        /// type of one, that does not rethrow. <c>try/finally</c> alone does not guard.
        /// </summary>
        public bool IsGuarded(SyntaxNode node, SyntaxNode boundary, SemanticModel model, CancellationToken cancellationToken)
        {
            for (var current = node; current != null && current != boundary; current = current.Parent)
            {
                if (current.Parent is TryStatementSyntax tryStatement && tryStatement.Block == current)
                {
                    foreach (var clause in tryStatement.Catches)
                    {
                        if (CatchesIoFailure(clause, model, cancellationToken) && !Rethrows(clause))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private bool CatchesIoFailure(CatchClauseSyntax clause, SemanticModel model, CancellationToken cancellationToken)
        {
            if (clause.Declaration == null)
            {
                return true;
            }

            if (model.GetTypeInfo(clause.Declaration.Type, cancellationToken).Type is not INamedTypeSymbol caught)
            {
                return false;
            }

            foreach (var failure in _failures)
            {
                for (var type = failure; type != null; type = type.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(type, caught))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool Rethrows(CatchClauseSyntax clause)
        {
            foreach (var statement in clause.Block.Statements)
            {
                if (statement is ThrowStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
