using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Concepts
{
    /// <summary>The failures an external IO call throws, by kind of IO: what a catch must handle to guard it.</summary>
    [System.Flags]
    internal enum IoFailures
    {
        None = 0,

        /// <summary>HttpClient / HttpMessageInvoker, HttpContent: <c>HttpRequestException</c>.</summary>
        Http = 1,

        /// <summary>Streams, files, readers and writers: <c>IOException</c>.</summary>
        Stream = 2,

        /// <summary>Socket, TcpClient, UdpClient: <c>SocketException</c> (or the <c>IOException</c> of their streams).</summary>
        Socket = 4,

        /// <summary>ADO.NET and data-access extensions on a connection: <c>DbException</c>.</summary>
        Database = 8,

        /// <summary>Types the user configured: any of the IO failures.</summary>
        Configured = 16,
    }

    /// <summary>
    /// External IO, resolved once per compilation: task-returning calls on HttpClient / HttpMessageInvoker and
    /// HttpContent, Stream and its network and file kinds, readers and writers, Socket / TcpClient / UdpClient, the
    /// ADO.NET Db* types, DbDataSource and IDbConnection, File, plus types the user configures; also their extension
    /// methods (<c>http.GetFromJsonAsync</c>, Dapper's <c>connection.QueryAsync</c>), which are judged by the receiver.
    /// Calls on in-memory streams, readers and writers (<c>MemoryStream</c>, <c>StringWriter</c>) are not IO: the same
    /// list AG0002 uses. A catch guards a call when it catches that call's failures (or a base type of them).
    /// </summary>
    internal sealed class ExternalIo
    {
        private static readonly (string Name, IoFailures Failures)[] IoTypeNames =
        {
            ("System.Net.Http.HttpMessageInvoker", IoFailures.Http),
            ("System.Net.Http.HttpContent", IoFailures.Http),
            ("System.IO.Stream", IoFailures.Stream),
            ("System.IO.File", IoFailures.Stream),
            ("System.IO.TextReader", IoFailures.Stream),
            ("System.IO.TextWriter", IoFailures.Stream),
            ("System.Net.Sockets.Socket", IoFailures.Socket),
            ("System.Net.Sockets.TcpClient", IoFailures.Socket),
            ("System.Net.Sockets.UdpClient", IoFailures.Socket),
            ("System.Net.Sockets.TcpListener", IoFailures.Socket),
            ("System.Data.Common.DbConnection", IoFailures.Database),
            ("System.Data.Common.DbCommand", IoFailures.Database),
            ("System.Data.Common.DbDataReader", IoFailures.Database),
            ("System.Data.Common.DbTransaction", IoFailures.Database),
            ("System.Data.Common.DbBatch", IoFailures.Database),
            ("System.Data.Common.DbDataSource", IoFailures.Database),
            ("System.Data.IDbConnection", IoFailures.Database),
            ("System.Data.IDbCommand", IoFailures.Database),
        };

        /// <summary>The exceptions that mean an IO call failed; the fix's catch filter lists the same ones.</summary>
        internal static readonly ImmutableArray<string> FailureTypeNames = ImmutableArray.Create(
            "System.Net.Http.HttpRequestException",
            "System.IO.IOException",
            "System.Data.Common.DbException",
            "System.Net.Sockets.SocketException",
            "System.TimeoutException");

        private readonly WellKnownSymbols _types;
        private readonly ImmutableArray<(INamedTypeSymbol Type, IoFailures Failures)> _ioTypes;
        private readonly ImmutableArray<(INamedTypeSymbol Type, IoFailures Failures)> _failures;

        public ExternalIo(WellKnownSymbols types, ImmutableArray<string> extraTypes)
        {
            _types = types;
            var io = ImmutableArray.CreateBuilder<(INamedTypeSymbol, IoFailures)>();
            foreach (var (name, failures) in IoTypeNames)
            {
                if (types.Resolve(name) is { } type)
                {
                    io.Add((type, failures));
                }
            }

            foreach (var type in types.ResolveAll(extraTypes))
            {
                io.Add((type, IoFailures.Configured));
            }

            _ioTypes = io.ToImmutable();
            var failuresBuilder = ImmutableArray.CreateBuilder<(INamedTypeSymbol, IoFailures)>();
            AddFailure(failuresBuilder, "System.Net.Http.HttpRequestException", IoFailures.Http | IoFailures.Configured);
            AddFailure(failuresBuilder, "System.IO.IOException", IoFailures.Stream | IoFailures.Socket | IoFailures.Configured);
            AddFailure(failuresBuilder, "System.Net.Sockets.SocketException", IoFailures.Socket | IoFailures.Configured);
            AddFailure(failuresBuilder, "System.Data.Common.DbException", IoFailures.Database | IoFailures.Configured);
            AddFailure(failuresBuilder, "System.TimeoutException", IoFailures.Configured);
            _failures = failuresBuilder.ToImmutable();

            void AddFailure(ImmutableArray<(INamedTypeSymbol, IoFailures)>.Builder builder, string name, IoFailures kinds)
            {
                if (types.Resolve(name) is { } type)
                {
                    builder.Add((type, kinds));
                }
            }
        }

        /// <summary>An invocation of a task-returning method on an external IO type (by receiver or declaring type).</summary>
        public bool IsIoCall(IOperation operation, WellKnownSymbols types) => Classify(operation) != IoFailures.None;

        /// <summary>
        /// The failures of the external IO an operation is (None when it is not IO): a task-returning call on an IO type,
        /// or <c>Task.Run(() => http.GetStringAsync(u))</c>, whose task is the IO's.
        /// </summary>
        public IoFailures Classify(IOperation operation)
        {
            operation = OperationShapes.StripConfigureAwait(operation);
            if (operation is not IInvocationOperation invocation)
            {
                return IoFailures.None;
            }

            if (invocation.TargetMethod is { Name: "Run", IsStatic: true } run && _types.IsTask(run.ContainingType) && invocation.Arguments.Length > 0
                && OperationShapes.Unwrap(invocation.Arguments[0].Value) is IAnonymousFunctionOperation { Symbol.IsAsync: false, Body.Operations.Length: 1 } lambda
                && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } started })
            {
                return Classify(started);
            }

            var receiver = ReceiverOf(invocation);
            var failures = FailuresOfMethod(invocation.TargetMethod, receiver?.Type);
            return failures == IoFailures.Http && receiver != null && IsBufferedContent(receiver) ? IoFailures.None : failures;
        }

        /// <summary>
        /// <c>response.Content</c> of a local <c>var response = await http.GetAsync(url)</c> (or SendAsync, PostAsync, ..)
        /// without <c>HttpCompletionOption.ResponseHeadersRead</c>: HttpClient has read the whole body before it returned
        /// the response, so reading the content again is in memory and cannot fail on the network.
        /// </summary>
        private bool IsBufferedContent(IOperation receiver, CancellationToken cancellationToken = default)
        {
            if (receiver is not IPropertyReferenceOperation { Property.Name: "Content", Instance: ILocalReferenceOperation response }
                || OperationShapes.InitialValue(response, cancellationToken) is not { } initial
                || OperationShapes.Unwrap(initial) is not IAwaitOperation { Operation: var awaited }
                || OperationShapes.StripConfigureAwait(awaited) is not IInvocationOperation send
                || FailuresOfType(send.Instance?.Type) != IoFailures.Http)
            {
                return false;
            }

            foreach (var argument in send.Arguments)
            {
                if (argument.Parameter?.Name == "completionOption" && argument.ArgumentKind == ArgumentKind.Explicit
                    && OperationShapes.Unwrap(argument.Value).ConstantValue is not { HasValue: true, Value: 0 })
                {
                    // ResponseHeadersRead (or a value not known here): the body is read from the network as it is consumed.
                    return false;
                }
            }

            return true;
        }

        /// <summary>The receiver of a call; for an extension method (<c>http.GetFromJsonAsync(..)</c>) its first argument.</summary>
        private static IOperation? ReceiverOf(IInvocationOperation invocation)
            => invocation.Instance is { } instance ? FanOut.Unwrap(instance)
                : invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? FanOut.Unwrap(invocation.Arguments[0].Value)
                : null;

        /// <summary>A task-returning method of an external IO type, called on a receiver of <paramref name="receiverType"/>.</summary>
        public bool IsIoMethod(IMethodSymbol method, ITypeSymbol? receiverType, WellKnownSymbols types) => FailuresOfMethod(method, receiverType) != IoFailures.None;

        /// <summary>The failures of a task-returning method of an external IO type; None for anything else.</summary>
        public IoFailures FailuresOfMethod(IMethodSymbol method, ITypeSymbol? receiverType)
        {
            if (!_types.IsTaskLike(method.ReturnType) || method.Name == "DisposeAsync"
                || WellKnownSymbols.IsOrDerivesFromAny(receiverType, _types.InMemoryIoTypes)
                || (receiverType == null && WellKnownSymbols.IsOrDerivesFromAny(method.ContainingType, _types.InMemoryIoTypes)))
            {
                return IoFailures.None;
            }

            var failures = FailuresOfType(receiverType);
            return failures != IoFailures.None ? failures : FailuresOfType(method.ContainingType);
        }

        private IoFailures FailuresOfType(ITypeSymbol? type)
        {
            var failures = IoFailures.None;
            if (type == null)
            {
                return failures;
            }

            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                failures |= FailuresOfExactly(current);
            }

            foreach (var @interface in type.AllInterfaces)
            {
                failures |= FailuresOfExactly(@interface);
            }

            return failures;
        }

        private IoFailures FailuresOfExactly(INamedTypeSymbol type)
        {
            foreach (var (io, failures) in _ioTypes)
            {
                if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, io))
                {
                    return failures;
                }
            }

            return IoFailures.None;
        }

        /// <summary>
        /// A try around <paramref name="node"/> (inside <paramref name="boundary"/>) has a catch of the call's failures
        /// (<paramref name="failures"/>) or a base type of them, that does not rethrow. <c>try/finally</c> alone does not
        /// guard, nor does a catch of another kind's failure (<c>catch (IOException)</c> around an HttpClient call).
        /// </summary>
        public bool IsGuarded(SyntaxNode node, SyntaxNode boundary, IoFailures failures, SemanticModel model, CancellationToken cancellationToken)
        {
            for (var current = node; current != null && current != boundary; current = current.Parent)
            {
                if (current.Parent is TryStatementSyntax tryStatement && tryStatement.Block == current)
                {
                    foreach (var clause in tryStatement.Catches)
                    {
                        if (CatchesFailure(clause, failures, model, cancellationToken) && !Rethrows(clause))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private bool CatchesFailure(CatchClauseSyntax clause, IoFailures failures, SemanticModel model, CancellationToken cancellationToken)
        {
            if (clause.Declaration == null)
            {
                return true;
            }

            if (model.GetTypeInfo(clause.Declaration.Type, cancellationToken).Type is not INamedTypeSymbol caught || !Catches(caught, failures))
            {
                return false;
            }

            // `catch (Exception e) when (e is HttpRequestException or IOException)`: the types the filter tests must catch the
            // failures too. A filter on anything else (a status code, a flag, `e is not X`) is the author's choice of which
            // failures to tolerate, and counts as a guard.
            if (clause.Filter == null || model.GetDeclaredSymbol(clause.Declaration, cancellationToken) is not ILocalSymbol exception
                || model.GetOperation(clause.Filter.FilterExpression, cancellationToken) is not { } filter)
            {
                return true;
            }

            var tested = ImmutableArray.CreateBuilder<ITypeSymbol>();
            CollectTestedTypes(filter, exception, tested);
            if (tested.Count == 0)
            {
                return true;
            }

            foreach (var type in tested)
            {
                if (type is INamedTypeSymbol named && Catches(named, failures))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The types a filter requires the caught exception to be: <c>e is X</c>, <c>e is X or Y</c>, joined by &amp;&amp; or ||.</summary>
        private static void CollectTestedTypes(IOperation condition, ILocalSymbol exception, ImmutableArray<ITypeSymbol>.Builder tested)
        {
            switch (OperationShapes.Unwrap(condition))
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary:
                    CollectTestedTypes(binary.LeftOperand, exception, tested);
                    CollectTestedTypes(binary.RightOperand, exception, tested);
                    break;
                case IIsTypeOperation { IsNegated: false } isType when IsTheException(isType.ValueOperand, exception):
                    tested.Add(isType.TypeOperand);
                    break;
                case IIsPatternOperation isPattern when IsTheException(isPattern.Value, exception):
                    CollectPatternTypes(isPattern.Pattern, tested);
                    break;
            }
        }

        private static void CollectPatternTypes(IPatternOperation pattern, ImmutableArray<ITypeSymbol>.Builder tested)
        {
            switch (pattern)
            {
                case IBinaryPatternOperation binary:
                    CollectPatternTypes(binary.LeftPattern, tested);
                    CollectPatternTypes(binary.RightPattern, tested);
                    break;
                case ITypePatternOperation type:
                    tested.Add(type.MatchedType);
                    break;
                case IDeclarationPatternOperation { MatchedType: { } declared }:
                    tested.Add(declared);
                    break;
                case IRecursivePatternOperation { MatchedType: { } recursive }:
                    tested.Add(recursive);
                    break;
            }
        }

        private static bool IsTheException(IOperation value, ILocalSymbol exception)
            => OperationShapes.Unwrap(value) is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, exception);

        /// <summary>A catch of <paramref name="caught"/> takes a failure of these kinds: it is one of them or a base type of one.</summary>
        private bool Catches(INamedTypeSymbol caught, IoFailures failures)
        {
            foreach (var (failure, kinds) in _failures)
            {
                if ((kinds & failures) == IoFailures.None)
                {
                    continue;
                }

                for (var type = failure; type != null; type = type.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(type, caught))
                    {
                        return true;
                    }
                }

                // A data provider throws its own DbException (SqlException, NpgsqlException): catching it is how data
                // access code catches its failures.
                if ((failures & kinds & IoFailures.Database) != IoFailures.None && WellKnownSymbols.IsOrDerivesFrom(caught, failure))
                {
                    return true;
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
