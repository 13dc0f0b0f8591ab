using System.Collections.Concurrent;
using System.Collections.Immutable;
using AsyncGuard.Concepts;
using AsyncGuard.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Rules
{
    /// <summary>AG0002: a blocking call in async code whose awaitable counterpart exists.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AsyncCounterpartAnalyzer : TaskAwareAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(RuleDescriptors.AsyncCounterpart);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, OnFirstUse<WellKnownSymbols> types)
        {
            var state = types.Then(t =>
            {
                // Problems in the configuration are reported once, by ConfigurationAnalyzer (AG0006).
                var configuration = BlockingApiConfiguration.Parse(start.Options.AdditionalFiles, start.CancellationToken);
                var finder = new AsyncCounterpartFinder(start.Compilation, t, configuration);
                return new CompilationState(t, finder, t.IAsyncDisposable, new DualSyncAsyncPath(), new IoDisposal(t));
            });
            start.RegisterOperationAction(state.Operation(Analyze), OperationKind.Invocation);
            start.RegisterOperationAction(state.Operation(AnalyzeUsing), OperationKind.Using, OperationKind.UsingDeclaration);
        }

        private static void Analyze(OperationAnalysisContext context, CompilationState state)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            var disposal = method.Name is "Dispose" or "Close" && method.Parameters.IsEmpty && !method.IsStatic && invocation.Instance != null;
            // Most calls in async code are already async: the finder would rule them out, after the async-code check.
            if ((!disposal && (method.MethodKind != MethodKind.Ordinary || method.Name.EndsWith("Async", System.StringComparison.Ordinal)))
                || invocation.SemanticModel is not { } model)
            {
                return;
            }

            var asyncCode = AsyncContext.KindOf(invocation, context.ContainingSymbol, state.Types);
            if (asyncCode == AsyncCodeKind.None
                || (asyncCode == AsyncCodeKind.ByContract && AsyncGuardOptions.CounterpartAsyncCode.Get(context.Options, invocation.Syntax.SyntaxTree) != AsyncGuardOptions.ByContract))
            {
                return;
            }

            var receiver = invocation.Instance
                ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
            var receiverType = receiver is IConversionOperation conversion ? conversion.Operand.Type : receiver?.Type;

            // The cached verdict first (which also rules out methods that are not candidates): most calls have no
            // counterpart, and the checks below cost more.
            // Where only binding the call with the sibling's name can tell, the checks that do not need the counterpart
            // come first: binding costs more than all of them (all are pure, so the order does not change the verdict).
            // The in-memory field test searches the field's whole type for its name: it comes after the sync-side test,
            // which already rules out most disposals of fields (the sync side of dual code).
            var needsBinding = false;
            var counterpart = disposal
                ? state.IoDisposal.AsyncFormOf(method.Name, receiverType) is { } asyncForm ? new AsyncCounterpart(asyncForm, null, isOnOtherType: false) : null
                : state.Finder.FindWithoutBinding(invocation, receiverType, model, out needsBinding, context.CancellationToken);
            if ((counterpart == null && !needsBinding)
                || WellKnownBlockingApis.IsInMemoryCall(invocation, receiver, state.IoCarriers, state.Types, context.CancellationToken)
                || WellKnownBlockingApis.IsBufferedColumnRead(invocation, state.DbDataReader, state.MentionsSequentialAccess)
                || WellKnownBlockingApis.IsNonBlockingTryAcquire(invocation, state.Types)
                || BlockingApiConfiguration.IsExcluded(state.ExcludedApis(context.Options, invocation.Syntax.SyntaxTree), method)
                || (disposal && IsExcludedDisposal(state.ExcludedApis(context.Options, invocation.Syntax.SyntaxTree), receiverType, method.Name))
                || (disposal && state.IoDisposal.IsReadOnlyFile(receiver, context.CancellationToken))
                || state.Dual.IsSyncSideOnly(invocation.Syntax, model, context.CancellationToken)
                || (disposal && state.IoDisposal.IsInMemoryField(receiver, context.CancellationToken))
                || (WellKnownSymbols.IsOrDerivesFromAny(receiverType, state.XmlReadersAndWriters) && !OptsIntoXmlAsync(invocation.Syntax)))
            {
                return;
            }

            counterpart ??= state.Finder.Find(invocation, receiverType, model, context.CancellationToken);
            if (counterpart == null
                || (counterpart.WithoutToken != null && IsEnclosingMethod(counterpart.WithoutToken, invocation, context.ContainingSymbol))
                || (counterpart.WithToken != null && IsEnclosingMethod(counterpart.WithToken, invocation, context.ContainingSymbol))
                || WellKnownBlockingApis.IsCompletedTaskWrapper(counterpart.Any, method, context.CancellationToken)
                || (!disposal && state.CannotBlock(method, model, context.CancellationToken)))
            {
                return;
            }

            var token = CancellationTokenInScope.Find(invocation.Syntax, model, state.Types.CancellationToken, context.CancellationToken, state.Types.HttpContext);
            var chosen = counterpart.Choose(token != null);
            var within = context.ContainingSymbol as INamedTypeSymbol ?? context.ContainingSymbol.ContainingType;
            if (within != null && !model.Compilation.IsSymbolAccessibleWithin(chosen, within))
            {
                return;
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();

            // In dual sync/async code the call runs with the flag saying async: the fix keeps both paths,
            // `if (async) await r.ReadAsync(ct); else r.Read();`, never a bare await that breaks sync callers.
            var modeFlags = state.Dual.ModeFlags(invocation.Syntax, model, context.CancellationToken);
            var dualMode = !modeFlags.IsEmpty;
            var modeFlag = ModeFlagInScope(modeFlags, invocation);
            // No fix in dual code where the flag cannot be named at the call, or the call starts a using
            // (`await using` cannot be chosen by a flag).
            var noDualForm = dualMode && (modeFlag == null || InitializesUsing(invocation.Syntax));
            // No fix either where awaiting the counterpart with the same arguments would not compile: an async stream
            // (`File.ReadLinesAsync`) is consumed with `await foreach`, and a span argument must become memory first.
            // In a method async by contract the fix must make it async first (light bulb only), and never in dual code.
            var makeAsync = asyncCode == AsyncCodeKind.ByContract;
            if (!noDualForm && (!makeAsync || !dualMode) && counterpart.IsAwaitableWithSameArguments && IsFixable(invocation))
            {
                if (makeAsync)
                {
                    properties[FixProperties.MakeAsync] = "true";
                }

                properties[FixProperties.FixKind] = dualMode ? CounterpartFixKinds.DualAwaitCounterpart : CounterpartFixKinds.AwaitCounterpart;
                properties[dualMode ? FixProperties.DualAsyncName : FixProperties.AsyncName] = chosen.Name;
                if (modeFlag != null)
                {
                    properties[FixProperties.ModeFlag] = modeFlag;
                }

                if (counterpart.IsOnOtherType)
                {
                    properties[FixProperties.ReplacementType] = AsyncCounterpartFinder.TypeSyntaxText(chosen.ContainingType);
                }

                if (SymbolEqualityComparer.Default.Equals(chosen, counterpart.WithToken))
                {
                    var tokenParameter = chosen.Parameters[chosen.Parameters.Length - 1];
                    var argument = token ?? (tokenParameter.HasExplicitDefaultValue ? null : "global::System.Threading.CancellationToken.None");
                    if (argument != null)
                    {
                        properties[FixProperties.CancellationToken] = argument;
                        properties[FixProperties.CancellationParameterName] = tokenParameter.Name;
                    }
                }

                if (InitializesUsing(invocation.Syntax) && ResultIsAsyncDisposable(chosen, state.AsyncDisposable))
                {
                    properties[FixProperties.AwaitUsing] = "true";
                }
            }
            else if (disposal && !dualMode && !makeAsync && IsConditionalDisposalStatement(invocation.Syntax))
            {
                // `x?.Dispose();` becomes `if (x != null) { await x.DisposeAsync(); }`.
                properties[FixProperties.FixKind] = CounterpartFixKinds.AwaitConditionalDisposal;
                properties[FixProperties.AsyncName] = chosen.Name;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                RuleDescriptors.AsyncCounterpart,
                invocation.Syntax.GetLocation(),
                properties.ToImmutable(),
                (disposal && receiverType != null ? receiverType.Name : TypeName(method.ContainingType)) + "." + method.Name,
                TypeName(chosen.ContainingType) + "." + chosen.Name));
        }

        /// <summary>The type a message names: a C# 14 extension block has no name of its own, so the static class that declares it.</summary>
        private static string TypeName(INamedTypeSymbol type)
            => type.Name.Length == 0 && type.ContainingType != null ? type.ContainingType.Name : type.Name;

        /// <summary>
        /// <c>using</c> (statement or declaration, without <c>await</c>) of a resource whose disposal does IO, in async
        /// code: it becomes <c>await using</c>.
        /// </summary>
        private static void AnalyzeUsing(OperationAnalysisContext context, CompilationState state)
        {
            var (isAsynchronous, resources) = context.Operation switch
            {
                IUsingOperation usingOperation => (usingOperation.IsAsynchronous, usingOperation.Resources),
                IUsingDeclarationOperation declaration => (declaration.IsAsynchronous, declaration.DeclarationGroup),
                _ => (true, null),
            };

            if (isAsynchronous || resources == null)
            {
                return;
            }

            var asyncCode = AsyncContext.KindOf(context.Operation, context.ContainingSymbol, state.Types);
            if (asyncCode == AsyncCodeKind.None
                || (asyncCode == AsyncCodeKind.ByContract && AsyncGuardOptions.CounterpartAsyncCode.Get(context.Options, context.Operation.Syntax.SyntaxTree) != AsyncGuardOptions.ByContract)
                || context.Operation.SemanticModel is not { } model)
            {
                return;
            }

            ITypeSymbol? ioType = null;
            foreach (var resource in ResourcesOf(resources))
            {
                if (state.IoDisposal.AsyncFormOf("Dispose", resource.Type) != null
                    && !WellKnownBlockingApis.IsInMemoryReceiver(resource.Value, state.Types, context.CancellationToken)
                    && !state.IoDisposal.IsReadOnlyFile(resource.Value, context.CancellationToken)
                    && !IsReportedBlockingCall(resource.Value, state, model, context.CancellationToken))
                {
                    ioType = resource.Type;
                    break;
                }
            }

            var syntax = context.Operation.Syntax;
            if (ioType == null
                || IsExcludedDisposal(state.ExcludedApis(context.Options, syntax.SyntaxTree), ioType, "Dispose")
                || state.Dual.IsSyncSideOnly(syntax, model, context.CancellationToken))
            {
                return;
            }

            var usingKeyword = syntax switch
            {
                UsingStatementSyntax statement => statement.UsingKeyword,
                LocalDeclarationStatementSyntax local => local.UsingKeyword,
                _ => default,
            };
            if (usingKeyword == default)
            {
                return;
            }

            // A using runs in both modes of dual code, and `await using` cannot be chosen by a flag.
            // No fix in dual code, nor where await is not allowed (lock, unsafe, catch filter).
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            if (asyncCode == AsyncCodeKind.Async && state.Dual.ModeFlags(syntax, model, context.CancellationToken).IsEmpty && AsyncContext.CanInsertAwait(syntax))
            {
                properties[FixProperties.FixKind] = CounterpartFixKinds.AwaitUsing;
            }

            var end = syntax is UsingStatementSyntax usingStatement ? usingStatement.CloseParenToken.Span.End : syntax.Span.End;
            context.ReportDiagnostic(Diagnostic.Create(
                RuleDescriptors.AsyncCounterpart,
                Location.Create(syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(usingKeyword.SpanStart, end)),
                properties.ToImmutable(),
                ioType.Name + ".Dispose",
                ioType.Name + ".DisposeAsync"));
        }

        /// <summary>
        /// <c>using var r = cmd.ExecuteReader();</c>: the call is reported itself, and its fix makes the using
        /// <c>await using</c> too, so the using is not reported a second time.
        /// </summary>
        private static bool IsReportedBlockingCall(IOperation? value, CompilationState state, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            if (value == null || OperationShapes.Unwrap(value) is not IInvocationOperation { TargetMethod: var method } invocation)
            {
                return false;
            }

            // Find rules out what is not a candidate.
            var receiver = invocation.Instance is IConversionOperation conversion ? conversion.Operand : invocation.Instance;
            return state.Finder.Find(invocation, receiver?.Type, model, cancellationToken) != null;
        }

        /// <summary>The resources a using disposes, with their static types and initial values.</summary>
        private static System.Collections.Generic.IEnumerable<(ITypeSymbol? Type, IOperation? Value)> ResourcesOf(IOperation resources)
        {
            if (resources is IVariableDeclarationGroupOperation group)
            {
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        yield return (declarator.Symbol.Type, declarator.Initializer?.Value ?? declaration.Initializer?.Value);
                    }
                }
            }
            else
            {
                var value = OperationShapes.Unwrap(resources);
                yield return (value.Type, value);
            }
        }

        /// <summary>The configured exclusions name the disposed type (<c>System.IO.FileStream</c>) or its disposal (<c>System.IO.FileStream.Dispose</c>).</summary>
        private static bool IsExcludedDisposal(ImmutableHashSet<string> excluded, ITypeSymbol? type, string disposeOrClose)
        {
            if (excluded.Count == 0 || type is not INamedTypeSymbol named)
            {
                return false;
            }

            var name = BlockingApiConfiguration.QualifiedName(named);
            return excluded.Contains(name) || excluded.Contains(name + "." + disposeOrClose);
        }

        /// <summary>
        /// XmlReader and XmlWriter throw from their async members unless created with <c>Async = true</c> in their
        /// settings: without that opt-in in the type that makes the call, the "fix" would throw at run time.
        /// </summary>
        private static bool OptsIntoXmlAsync(SyntaxNode call)
        {
            var type = call.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type == null)
            {
                return false;
            }

            foreach (var node in type.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax { Right: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.TrueLiteralExpression } } assignment
                    && assignment.Left switch
                    {
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
                        _ => null,
                    } == "Async")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The name of a mode flag the fix can test at the call, or null when none can be named there.</summary>
        private static string? ModeFlagInScope(ImmutableArray<ISymbol> flags, IOperation operation)
        {
            if (flags.IsEmpty)
            {
                return null;
            }

            var flag = flags[0];
            if (flag is IParameterSymbol or ILocalSymbol)
            {
                // A static lambda or local function cannot see the outer function's flag.
                for (var node = operation.Syntax.Parent; node != null; node = node.Parent)
                {
                    if (node is LocalFunctionStatementSyntax localFunction && localFunction.Modifiers.Any(SyntaxKind.StaticKeyword)
                        || node is AnonymousFunctionExpressionSyntax lambda && lambda.Modifiers.Any(SyntaxKind.StaticKeyword))
                    {
                        return null;
                    }
                }
            }

            return flag.Name;
        }

        /// <summary>The counterpart is the method (or local function) being written: calling it would recurse.</summary>
        private static bool IsEnclosingMethod(IMethodSymbol counterpart, IOperation operation, ISymbol containingSymbol)
        {
            var target = counterpart.ReducedFrom ?? counterpart;
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is ILocalFunctionOperation localFunction && Same(localFunction.Symbol, target))
                {
                    return true;
                }
            }

            for (var method = containingSymbol as IMethodSymbol; method != null; method = method.OverriddenMethod)
            {
                if (Same(method, target))
                {
                    return true;
                }
            }

            return false;

            static bool Same(IMethodSymbol a, IMethodSymbol b) => SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition);
        }

        /// <summary><c>x?.Dispose();</c> as a statement where an await can go.</summary>
        private static bool IsConditionalDisposalStatement(SyntaxNode call)
            => call is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax, ArgumentList.Arguments.Count: 0 }
                && call.Parent is ConditionalAccessExpressionSyntax { Parent: ExpressionStatementSyntax statement } access
                && access.WhenNotNull == call
                && AsyncContext.CanInsertAwait(statement);

        /// <summary>The fix writes <c>await X.MAsync(..)</c>: it needs a plain call where await is allowed.</summary>
        private static bool IsFixable(IInvocationOperation invocation)
        {
            if (invocation.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax or SimpleNameSyntax } syntax
                || syntax.Parent is ConditionalAccessExpressionSyntax || syntax.Expression is MemberBindingExpressionSyntax)
            {
                return false;
            }

            return AsyncContext.CanInsertAwait(syntax);
        }

        private static bool InitializesUsing(SyntaxNode call)
            => call.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: var holder } } }
                && holder switch
                {
                    LocalDeclarationStatementSyntax local => local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) && local.AwaitKeyword.IsKind(SyntaxKind.None),
                    UsingStatementSyntax usingStatement => usingStatement.AwaitKeyword.IsKind(SyntaxKind.None),
                    _ => false,
                };

        private static bool ResultIsAsyncDisposable(IMethodSymbol method, INamedTypeSymbol? asyncDisposable)
        {
            if (asyncDisposable == null || method.ReturnType is not INamedTypeSymbol { IsGenericType: true } returnType)
            {
                return false;
            }

            var result = returnType.TypeArguments[0];
            if (SymbolEqualityComparer.Default.Equals(result, asyncDisposable))
            {
                return true;
            }

            foreach (var @interface in result.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(@interface, asyncDisposable))
                {
                    return true;
                }
            }

            return false;
        }

        private sealed class CompilationState
        {
            private readonly ConcurrentDictionary<string, ImmutableHashSet<string>> _exclusions = new ConcurrentDictionary<string, ImmutableHashSet<string>>();
            private readonly ConcurrentDictionary<SyntaxNode, bool> _sequentialAccess = new ConcurrentDictionary<SyntaxNode, bool>();
            private readonly ConcurrentDictionary<IMethodSymbol, bool> _cannotBlock = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            private readonly ImmutableArray<INamedTypeSymbol> _inMemoryCollections;

            public CompilationState(WellKnownSymbols types, AsyncCounterpartFinder finder, INamedTypeSymbol? asyncDisposable, DualSyncAsyncPath dual, IoDisposal ioDisposal)
            {
                IoDisposal = ioDisposal;
                XmlReadersAndWriters = types.ResolveAll("System.Xml.XmlReader", "System.Xml.XmlWriter");
                IoCarriers = types.ResolveAll("System.IO.Stream", "System.IO.TextReader", "System.IO.TextWriter");
                DbDataReader = types.Resolve("System.Data.Common.DbDataReader");
                _inMemoryCollections = types.ResolveAll(WellKnownBlockingApis.InMemoryCollectionNames);
                Dual = dual;
                Types = types;
                Finder = finder;
                AsyncDisposable = asyncDisposable;
            }

            public WellKnownSymbols Types { get; }

            public AsyncCounterpartFinder Finder { get; }

            public DualSyncAsyncPath Dual { get; }

            public IoDisposal IoDisposal { get; }

            public ImmutableArray<INamedTypeSymbol> XmlReadersAndWriters { get; }

            /// <summary>Streams, readers and writers: what a call hands its IO to.</summary>
            public ImmutableArray<INamedTypeSymbol> IoCarriers { get; }

            public INamedTypeSymbol? DbDataReader { get; }

            /// <summary>Whether a method declared in source cannot block (<see cref="WellKnownBlockingApis.CannotBlock"/>); worked out once per method.</summary>
            public bool CannotBlock(IMethodSymbol method, SemanticModel model, System.Threading.CancellationToken cancellationToken)
                => method.DeclaringSyntaxReferences.Length == 1
                   && _cannotBlock.GetOrAdd(method.OriginalDefinition, m => WellKnownBlockingApis.CannotBlock(m, model, _inMemoryCollections, cancellationToken));

            /// <summary>Whether a type declaration names <c>SequentialAccess</c>; looked up once per type.</summary>
            public bool MentionsSequentialAccess(SyntaxNode type) => _sequentialAccess.GetOrAdd(type, WellKnownBlockingApis.MentionsSequentialAccess);

            public INamedTypeSymbol? AsyncDisposable { get; }

            /// <summary>The .editorconfig exclusions that apply to a file, parsed once per distinct value.</summary>
            public ImmutableHashSet<string> ExcludedApis(AnalyzerOptions options, SyntaxTree tree)
            {
                if (AsyncGuardOptions.ExcludedApis.RawValue(options, tree) is not { } value
                    || string.IsNullOrWhiteSpace(value))
                {
                    return ImmutableHashSet<string>.Empty;
                }

                return _exclusions.GetOrAdd(value, v => AsyncGuardOptions.ExcludedApis.Names(v).ToImmutableHashSet(System.StringComparer.Ordinal));
            }
        }
    }
}
