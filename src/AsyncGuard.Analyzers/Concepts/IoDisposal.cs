using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// Disposal that does IO, so that async code should await it: closing a database reader or connection (the
    /// provider drains the result set, returns the connection), a transaction (a rollback), a file or network stream
    /// or a writer over one (a flush). In-memory streams and writers do nothing worth awaiting, and neither do command
    /// objects, and neither does a file stream opened only for reading (nothing to flush: its <c>DisposeAsync</c> closes
    /// the handle just as <c>Dispose</c> does). Only types that have the async member in this compilation count: the fix
    /// must compile.
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

        /// <summary><c>System.IO.FileAccess.Read</c>.</summary>
        private const int FileAccessRead = 1;

        private readonly WellKnownSymbols _types;
        private readonly ImmutableArray<INamedTypeSymbol> _ioTypes;
        private readonly ImmutableArray<INamedTypeSymbol> _fileOpeners;
        private readonly INamedTypeSymbol? _fileStream;
        private readonly INamedTypeSymbol? _fileAccess;
        private readonly INamedTypeSymbol? _fileStreamOptions;

        public IoDisposal(WellKnownSymbols types)
        {
            _types = types;
            _ioTypes = types.IAsyncDisposable == null ? ImmutableArray<INamedTypeSymbol>.Empty : types.ResolveAll(IoTypeNames);
            _fileOpeners = types.ResolveAll("System.IO.File", "System.IO.FileInfo");
            _fileStream = types.Resolve("System.IO.FileStream");
            _fileAccess = types.Resolve("System.IO.FileAccess");
            _fileStreamOptions = types.Resolve("System.IO.FileStreamOptions");
        }

        /// <summary>
        /// <paramref name="value"/> is a <c>FileStream</c> opened only for reading: <c>File.OpenRead(p)</c>,
        /// <c>fileInfo.OpenRead()</c>, <c>File.Open(p, FileMode.Open, FileAccess.Read)</c>,
        /// <c>new FileStream(p, FileMode.Open, FileAccess.Read)</c>, or with <c>new FileStreamOptions { .. }</c> whose
        /// <c>Access</c> is <c>Read</c> (its default); or a local initialized so and never assigned again. Without a
        /// stated access a <c>FileStream</c> can write (<c>FileMode.Open</c> alone opens it read-write).
        /// </summary>
        public bool IsReadOnlyFile(IOperation? value, CancellationToken cancellationToken)
        {
            if (value == null || _fileStream == null || _fileAccess == null)
            {
                return false;
            }

            value = OperationShapes.Unwrap(value);
            if (value is ILocalReferenceOperation { Local: var local } && value.SemanticModel is { } model)
            {
                value = InitialValueIfNeverAssigned(local, model, cancellationToken);
            }

            switch (value)
            {
                case IInvocationOperation invocation when WellKnownSymbols.IsAny(invocation.TargetMethod.ContainingType, _fileOpeners):
                    return invocation.TargetMethod.Name == "OpenRead"
                        || (invocation.TargetMethod.Name == "Open" && OpensForReadingOnly(invocation.Arguments));
                case IObjectCreationOperation creation when WellKnownSymbols.Is(creation.Type, _fileStream):
                    return OpensForReadingOnly(creation.Arguments);
                default:
                    return false;
            }
        }

        /// <summary>
        /// <paramref name="receiver"/> is a private field that only ever holds in-memory IO: every value its type assigns
        /// to it is an in-memory stream or writer, or one constructed over such (<c>_decompressor = new
        /// DeflateStream(_compressed, CompressionMode.Decompress)</c> with a <c>MemoryStream</c> <c>_compressed</c>), or
        /// null. Disposing it ends in memory. Looked at only for disposal, whose calls are few.
        /// </summary>
        public bool IsInMemoryField(IOperation? receiver, CancellationToken cancellationToken)
        {
            // `_x?.Dispose()`: the receiver is what the conditional access tests.
            if (receiver is IConditionalAccessInstanceOperation)
            {
                for (var current = receiver.Parent; current != null; current = current.Parent)
                {
                    if (current is IConditionalAccessOperation access)
                    {
                        receiver = access.Operation;
                        break;
                    }
                }
            }

            if (receiver == null
                || OperationShapes.Unwrap(receiver) is not IFieldReferenceOperation { Field: { DeclaredAccessibility: Accessibility.Private } field } reference
                || reference.SemanticModel is not { } model)
            {
                return false;
            }

            var values = 0;
            foreach (var declaration in field.ContainingType.DeclaringSyntaxReferences)
            {
                var type = declaration.GetSyntax(cancellationToken);
                if (!model.Compilation.ContainsSyntaxTree(type.SyntaxTree))
                {
                    return false;
                }

                SemanticModel? typeModel = null;
                foreach (var node in MentionsOf(field.Name, type, cancellationToken))
                {
                    ExpressionSyntax value;
                    switch (node)
                    {
                        case AssignmentExpressionSyntax assignment when NamesField(assignment.Left, field.Name):
                            if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                            {
                                return false;
                            }

                            value = assignment.Right;
                            break;
                        case VariableDeclaratorSyntax { Initializer.Value: var initial } declarator
                            when declarator.Identifier.ValueText == field.Name && declarator.Parent?.Parent is FieldDeclarationSyntax:
                            value = initial;
                            break;
                        case ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } argument when NamesField(argument.Expression, field.Name):
                            return false;
                        default:
                            continue;
                    }

                    if (value.IsKind(SyntaxKind.NullLiteralExpression) || value.IsKind(SyntaxKind.DefaultLiteralExpression))
                    {
                        continue;
                    }

                    typeModel ??= SemanticModels.For(model, type.SyntaxTree);
                    if (typeModel.GetOperation(value, cancellationToken) is not { } operation
                        || !WellKnownBlockingApis.IsInMemoryReceiver(operation, _types, cancellationToken))
                    {
                        return false;
                    }

                    values++;
                }
            }

            return values > 0;

            static bool NamesField(ExpressionSyntax expression, string name)
                => expression switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText == name,
                    _ => false,
                };
        }

        /// <summary>
        /// The declarators of <paramref name="name"/>, and the assignments and arguments of <c>name</c> or <c>this.name</c>
        /// in <paramref name="type"/>: where the name is mentioned, instead of a walk of every node of a large type.
        /// </summary>
        private static IEnumerable<SyntaxNode> MentionsOf(string name, SyntaxNode type, CancellationToken cancellationToken)
        {
            foreach (var token in SyntaxShapes.IdentifiersNamed(type, name, cancellationToken))
            {
                if (token.Parent is VariableDeclaratorSyntax declarator)
                {
                    yield return declarator;
                    continue;
                }

                SyntaxNode? mention = token.Parent as IdentifierNameSyntax;
                if (mention?.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } memberAccess && memberAccess.Name == mention)
                {
                    mention = memberAccess;
                }

                if (mention?.Parent is AssignmentExpressionSyntax assignment && assignment.Left == mention
                    || mention?.Parent is ArgumentSyntax)
                {
                    yield return mention.Parent;
                }
            }
        }

        /// <summary>The arguments state <c>FileAccess.Read</c>, directly or in a <c>FileStreamOptions</c> created there.</summary>
        private bool OpensForReadingOnly(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                var type = argument.Parameter?.Type;
                if (WellKnownSymbols.Is(type, _fileAccess))
                {
                    return IsFileAccessRead(argument.Value);
                }

                if (_fileStreamOptions != null && WellKnownSymbols.Is(type, _fileStreamOptions))
                {
                    return OperationShapes.Unwrap(argument.Value) is IObjectCreationOperation options && OptionsReadOnly(options);
                }
            }

            return false;
        }

        /// <summary><c>new FileStreamOptions { Mode = .., Access = FileAccess.Read }</c>, or without <c>Access</c> (it defaults to Read).</summary>
        private bool OptionsReadOnly(IObjectCreationOperation options)
        {
            if (options.Initializer == null)
            {
                return true;
            }

            foreach (var initializer in options.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Access" } } assignment)
                {
                    return IsFileAccessRead(assignment.Value);
                }
            }

            return true;
        }

        private static bool IsFileAccessRead(IOperation value)
            => value.ConstantValue is { HasValue: true, Value: int access } && access == FileAccessRead;

        /// <summary>
        /// The value a local was declared with, when nothing in its scope assigns it again or passes it by reference
        /// (a syntactic look by name: any such mention counts as an assignment).
        /// </summary>
        private static IOperation? InitialValueIfNeverAssigned(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: var initial } declarator
                || declarator.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            // The statement's block, or the whole file for a top-level statement.
            var scope = declarator.Parent?.Parent?.Parent;
            if (scope is GlobalStatementSyntax)
            {
                scope = scope.Parent;
            }

            if (scope == null)
            {
                return null;
            }

            var name = local.Name;
            foreach (var node in scope.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax assigned } when assigned.Identifier.ValueText == name:
                    case ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None, Expression: IdentifierNameSyntax byReference } when byReference.Identifier.ValueText == name:
                    case RefExpressionSyntax { Expression: IdentifierNameSyntax referenced } when referenced.Identifier.ValueText == name:
                        return null;
                }
            }

            return model.GetOperation(initial, cancellationToken);
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

            // CloseAsync anywhere in the hierarchy wins over DisposeAsync; the most derived declaration of either counts.
            // Looked up by name: a type's whole member list is long, and most of it is made on first read.
            if (disposeOrClose == "Close" && MostDerived(type!, "CloseAsync") is { } closeAsync)
            {
                return GainsSomething(closeAsync, type!) ? closeAsync : null;
            }

            return MostDerived(type!, "DisposeAsync") is { } disposeAsync && GainsSomething(disposeAsync, type!) ? disposeAsync : null;
        }

        /// <summary>The public parameterless instance method <paramref name="name"/> returning Task or ValueTask, from the most derived type that has one.</summary>
        private IMethodSymbol? MostDerived(ITypeSymbol type, string name)
        {
            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                {
                    if (member is IMethodSymbol { IsStatic: false, Parameters.IsEmpty: true, DeclaredAccessibility: Accessibility.Public } method
                        && _types.IsTaskOrValueTask(method.ReturnType))
                    {
                        return method;
                    }
                }
            }

            return null;
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
