using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// Finds the async counterpart of a method: a sibling <c>MAsync</c> (or <c>MTaskAsync</c>, the name of the
    /// event-based APIs' task wrappers) on the same type, a base type or an implemented interface, or an extension
    /// method in scope; plus the well-known replacements (<c>Thread.Sleep</c> → <c>Task.Delay</c>) and the user's.
    /// The sibling must be awaitable with the same result, take the same parameters (optionally plus a trailing
    /// CancellationToken) and not be obsolete.
    /// </summary>
    /// <remarks>
    /// One instance per compilation. Results are cached per (method, receiver type), and for extension methods per
    /// import scope too (the file's usings and namespaces, which decide what is in scope): files that import the same
    /// namespaces share one lookup. Every call of a method after the first is a dictionary lookup. Extension methods are
    /// looked up only where a class whose extension methods the file can call declares a member of the counterpart's name.
    /// The names come first throughout: most methods called have no member of a counterpart's name on their receiver's
    /// type and none among the extensions in scope, and those are decided without the checks that need more than names.
    /// The names that types and namespaces of metadata references declare are kept longer, for every compilation
    /// (<see cref="IsFromMetadata"/>).
    /// </remarks>
    internal sealed class AsyncCounterpartFinder
    {
        private static readonly SymbolDisplayFormat QualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat;

        private readonly ConcurrentDictionary<(IMethodSymbol Method, ITypeSymbol? Receiver), Verdict> _verdicts =
            new ConcurrentDictionary<(IMethodSymbol, ITypeSymbol?), Verdict>(PairComparer.Instance);

        private readonly ConcurrentDictionary<SyntaxTree, string> _scopeKeys = new ConcurrentDictionary<SyntaxTree, string>();

        private readonly Compilation _compilation;
        private readonly WellKnownSymbols _types;
        private readonly BlockingApiConfiguration _configuration;
        private readonly INamedTypeSymbol? _thread;
        private readonly INamedTypeSymbol? _memoryExtensions;
        private readonly ImmutableDictionary<string, ImmutableArray<IMethodSymbol>> _configuredReplacements;
        private readonly ConcurrentDictionary<string, ExtensionScope> _extensionScopes = new ConcurrentDictionary<string, ExtensionScope>(StringComparer.Ordinal);

        /// <summary>The same scopes by file: what <see cref="Find"/> looks up for each call.</summary>
        private readonly ConcurrentDictionary<SyntaxTree, ExtensionScope> _extensionScopesByTree = new ConcurrentDictionary<SyntaxTree, ExtensionScope>();
        private readonly ConcurrentDictionary<INamespaceOrTypeSymbol, HashSet<string>> _extensionNamesByContainer =
            new ConcurrentDictionary<INamespaceOrTypeSymbol, HashSet<string>>(SymbolEqualityComparer.Default);

        /// <summary>
        /// <see cref="CounterpartNamesOf"/> of type definitions from metadata references, <see cref="DeclaredNamesOf"/> of
        /// those types and the extension names of their namespaces (<see cref="ExtensionNamesIn"/>), kept for as long as the
        /// references' symbols live. Facts about metadata alone, the same in every compilation that shares those symbols:
        /// an analysis request of one file (the IDE's) runs the rules on a compilation object of its own, and without these
        /// each request worked out again the names of every namespace its file imports (most of AG0002's cost per request).
        /// </summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, Dictionary<string, SiblingNames>> ReferencedCounterpartNames =
            new System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, Dictionary<string, SiblingNames>>();

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, KeyValuePair<string, SiblingNames>[]> ReferencedDeclaredNames =
            new System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, KeyValuePair<string, SiblingNames>[]>();

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<INamespaceSymbol, string[]> ReferencedExtensionNames =
            new System.Runtime.CompilerServices.ConditionalWeakTable<INamespaceSymbol, string[]>();

        /// <summary>See <see cref="CounterpartNamesOf"/>; keyed by type definition.</summary>
        private readonly ConcurrentDictionary<INamedTypeSymbol, Dictionary<string, SiblingNames>> _counterpartNames =
            new ConcurrentDictionary<INamedTypeSymbol, Dictionary<string, SiblingNames>>(SymbolEqualityComparer.Default);

        private readonly ConcurrentDictionary<INamedTypeSymbol, KeyValuePair<string, SiblingNames>[]> _declaredCounterpartNames =
            new ConcurrentDictionary<INamedTypeSymbol, KeyValuePair<string, SiblingNames>[]>(SymbolEqualityComparer.Default);

        /// <summary>
        /// Every name of <see cref="_extensionNamesByContainer"/>'s sets: a name missing here is in no scope worked out so
        /// far (a scope's containers are all added before the scope is), which answers most questions in one lookup.
        /// </summary>
        private readonly ConcurrentDictionary<string, bool> _anyExtensionName = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        /// <summary>See <see cref="ImportedEverywhere"/>.</summary>
        private List<HashSet<string>>? _importedEverywhere;

        /// <summary>Configured replacements whose method does not exist in this compilation (AG0006 reports them).</summary>
        private readonly ImmutableArray<ConfigurationProblem> _unresolvedReplacements;

        public AsyncCounterpartFinder(Compilation compilation, WellKnownSymbols types, BlockingApiConfiguration configuration)
        {
            _compilation = compilation;
            _types = types;
            _configuration = configuration;
            _thread = types.Thread;
            _memoryExtensions = types.Resolve("System.MemoryExtensions");
            ObsoleteAttribute = types.ObsoleteAttribute;
            _configuredReplacements = ResolveConfiguredReplacements(types, configuration, out _unresolvedReplacements);
        }

        private INamedTypeSymbol? ObsoleteAttribute { get; }

        /// <summary>Checks that rule a method out before any lookup.</summary>
        private bool IsCandidate(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary
                || method.ReturnsByRef
                || method.Name.EndsWith("Async", StringComparison.Ordinal)
                || _types.IsTaskLike(method.ReturnType)
                || _types.IsTaskLike(method.ContainingType)
                || _types.IsTaskAwaiter(method.ContainingType))
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind is RefKind.Out or RefKind.Ref)
                {
                    return false;
                }
            }

            return !WellKnownBlockingApis.IsExcluded(method, _types)
                && !_configuration.IsExcluded(method)
                && !WellKnownBlockingApis.IsMemoisedValue(method);
        }

        /// <summary>The counterpart of the method <paramref name="invocation"/> calls on a receiver of <paramref name="receiverType"/>, or null.</summary>
        /// <remarks>
        /// First the cached match by declared parameters (the same types, optionally plus a trailing token). Where a
        /// sibling of the counterpart's name exists but none matches that way, the call itself is bound again with the
        /// sibling's name, as the compiler would bind it (<see cref="BindSibling"/>): arguments that convert
        /// (<c>byte[]</c> to <c>Memory&lt;byte&gt;</c>, <c>int</c> to <c>long</c>), inferred type arguments and their
        /// constraints, extension methods against instance ones, extension blocks of newer compilers.
        /// </remarks>
        public AsyncCounterpart? Find(IInvocationOperation invocation, ITypeSymbol? receiverType, SemanticModel model, System.Threading.CancellationToken cancellationToken)
            => FindCore(invocation, receiverType, model, bindSiblings: true, out _, cancellationToken);

        /// <summary>
        /// <see cref="Find"/> without binding the call again: null with <paramref name="needsBinding"/> set where only that
        /// can tell (a sibling of the name exists that no declared parameters match). Binding costs most of all (the
        /// compiler works out the nullable state of the whole member first), so a caller with cheaper reasons to drop
        /// the call checks them before calling <see cref="Find"/>.
        /// </summary>
        public AsyncCounterpart? FindWithoutBinding(IInvocationOperation invocation, ITypeSymbol? receiverType, SemanticModel model, out bool needsBinding, System.Threading.CancellationToken cancellationToken)
            => FindCore(invocation, receiverType, model, bindSiblings: false, out needsBinding, cancellationToken);

        private AsyncCounterpart? FindCore(IInvocationOperation invocation, ITypeSymbol? receiverType, SemanticModel model, bool bindSiblings, out bool needsBinding, System.Threading.CancellationToken cancellationToken)
        {
            needsBinding = false;
            // Most calls in async code are already async, or not ordinary methods: ruled out before the dictionary
            // (IsCandidate would rule them out too).
            var method = invocation.TargetMethod;
            if (method.MethodKind != MethodKind.Ordinary || method.Name.EndsWith("Async", StringComparison.Ordinal))
            {
                return null;
            }

            // One dictionary lookup per call; everything about the method and receiver is decided on the first.
            var key = (method, receiverType);
            if (!_verdicts.TryGetValue(key, out var verdict))
            {
                verdict = _verdicts.GetOrAdd(key, k => Decide(k.Method, k.Receiver));
            }

            if (verdict.Member != null || verdict.Candidate == Candidacy.No)
            {
                return verdict.Member;
            }

            ExtensionScope? names = null;
            var namedInScope = false;
            if (verdict.MayHaveExtension)
            {
                // Looking up extension methods costs a walk of every type in every imported namespace: do it only where an
                // imported extension class declares a member of one of the counterpart's names.
                names = ExtensionScopeOf(model, cancellationToken);
                if ((names.Contains(verdict.AsyncName) || names.Contains(verdict.TaskAsyncName)) && verdict.IsCandidate(this, method))
                {
                    var scope = ScopeKey(model.SyntaxTree);
                    var extension = verdict.ExtensionsByScope.GetOrAdd(scope, _ => FindExtension(method, receiverType!, model, invocation.Syntax.SpanStart));
                    if (extension.Counterpart != null)
                    {
                        return extension.Counterpart;
                    }

                    // An extension of the name that applies to the receiver exists, but declares other parameters.
                    namedInScope = extension.HasCandidates;
                }
            }

            // Binding costs more than the lookups above: only where a sibling of the name exists at all.
            if (verdict.NamedSiblings == SiblingNames.None && !namedInScope)
            {
                return null;
            }

            var tryAsync = (verdict.NamedSiblings & SiblingNames.Async) != 0 || (namedInScope && names!.Contains(verdict.AsyncName));
            var tryTaskAsync = (verdict.NamedSiblings & SiblingNames.TaskAsync) != 0 || (namedInScope && names!.Contains(verdict.TaskAsyncName));
            if (!bindSiblings)
            {
                needsBinding = tryAsync || tryTaskAsync;
                return null;
            }

            return (tryAsync ? BindSibling(invocation, verdict.AsyncName, model, cancellationToken) : null)
                ?? (tryTaskAsync ? BindSibling(invocation, verdict.TaskAsyncName, model, cancellationToken) : null);
        }

        private Verdict Decide(IMethodSymbol method, ITypeSymbol? receiverType)
        {
            // Names only first: where no member of a counterpart's name exists and no replacement is configured or well
            // known, the rest waits for an extension of that name in scope.
            var names = CounterpartMemberNames(method, receiverType);
            if (names == SiblingNames.None && !IsConfiguredReplaced(method) && !IsThreadSleep(method))
            {
                return receiverType == null ? Verdict.None : new Verdict(null, method.Name, SiblingNames.None, Candidacy.Unknown, mayHaveExtension: true);
            }

            if (!IsCandidate(method))
            {
                return Verdict.None;
            }

            var member = FindMember(method, receiverType, names, out var namedSiblings);
            return new Verdict(member, method.Name, namedSiblings, Candidacy.Yes, mayHaveExtension: member == null && receiverType != null);
        }

        /// <summary>
        /// Of which of the counterpart's names members exist where <see cref="FindMember"/> searches: the type it searches
        /// (<see cref="SearchRoot"/>), or for an extension method the receiver's type, with their bases and interfaces.
        /// Names only: no member is looked at.
        /// </summary>
        private SiblingNames CounterpartMemberNames(IMethodSymbol method, ITypeSymbol? receiverType)
            => method.IsExtensionMethod
                ? receiverType is INamedTypeSymbol receiver ? InstanceMemberNames(receiver, method.Name) : SiblingNames.None
                : InstanceMemberNames(SearchRoot(method, receiverType), method.Name);

        /// <summary>Where a method's member counterpart is searched: the receiver's type, or the declaring type of a static method.</summary>
        private static INamedTypeSymbol SearchRoot(IMethodSymbol method, ITypeSymbol? receiverType)
            => method.IsStatic || receiverType is not INamedTypeSymbol named ? method.ContainingType : named;

        private bool IsConfiguredReplaced(IMethodSymbol method)
            => _configuredReplacements.Count > 0 && _configuredReplacements.ContainsKey(BlockingApiConfiguration.QualifiedName(method.ContainingType) + "." + method.Name);

        private bool IsThreadSleep(IMethodSymbol method)
            => method.IsStatic && method.Name == "Sleep" && SymbolEqualityComparer.Default.Equals(method.ContainingType, _thread);

        /// <summary>
        /// The call bound again with the sibling's name (and with a token appended), the way the compiler would bind it
        /// for the same arguments; the result accepted when it is awaitable with the call's result (or an async stream of
        /// its elements). A span argument written <c>x.AsSpan(..)</c> is tried as <c>x.AsMemory(..)</c> too (the async
        /// overloads take memory); that counterpart needs its arguments rewritten, so it has no plain fix.
        /// </summary>
        private AsyncCounterpart? BindSibling(IInvocationOperation invocation, string name, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            if (invocation.Syntax is not InvocationExpressionSyntax call
                || IsInConditionalAccess(call.Expression)
                || Renamed(call.Expression, name) is not { } callee
                || NoneBindsWithTheseArguments(invocation, call, name, model, cancellationToken))
            {
                return null;
            }

            var blocking = invocation.TargetMethod;
            return BindCall(call.WithExpression(callee), call.SpanStart, blocking, model, needsOtherArguments: false, invocation)
                ?? (AsMemoryArguments(call.ArgumentList, model, cancellationToken) is { } memoryArguments
                    ? BindCall(call.WithExpression(callee).WithArgumentList(memoryArguments), call.SpanStart, blocking, model, needsOtherArguments: true, invocation)
                    : null);
        }

        /// <summary>
        /// Binding the call with the sibling's name cannot give a counterpart: every method of the name that binding can
        /// find takes, where an argument goes, a parameter the argument's own type does not convert to
        /// (<c>Read(Span&lt;byte&gt;)</c> next to <c>ReadAsync(Memory&lt;byte&gt;, CancellationToken)</c>), which
        /// <see cref="ArgumentsKeepTheirTypes"/> rejects after binding; and where <see cref="AsMemoryArguments"/> writes an
        /// argument <c>x.AsSpan(..)</c> as <c>x.AsMemory(..)</c> (a binding checked by nothing else), a parameter no type
        /// <c>x.AsMemory</c> can have converts to. Told from the symbols binding can find, where they are all methods: for
        /// <c>x.M(..)</c> or <c>T.M(..)</c> of a method that is not an extension, the members of the name of the type
        /// looked up in, and where an extension of the name is in scope (<see cref="ExtensionNamesInScope"/>) those the
        /// compiler's lookup on that type finds; for <c>M(..)</c>, the members of the enclosing types
        /// (<see cref="AddEnclosingMembers"/>).
        /// </summary>
        private bool NoneBindsWithTheseArguments(IInvocationOperation invocation, InvocationExpressionSyntax call, string name, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            if (invocation.TargetMethod.IsExtensionMethod)
            {
                return false;
            }

            var candidates = new List<ISymbol>();
            switch (call.Expression)
            {
                case MemberAccessExpressionSyntax memberAccess:
                    // The type the name is looked up in: the receiver's as written (an implicit conversion would hide it),
                    // or the type named before the dot.
                    var lookedUpIn = invocation.Instance is { } instance
                        ? instance is IConversionOperation { IsImplicit: true } ? null : instance.Type
                        : model.GetSymbolInfo(memberAccess.Expression, cancellationToken).Symbol;
                    if (lookedUpIn is not INamedTypeSymbol type)
                    {
                        return false;
                    }

                    AddMembersNamed(type, type.AllInterfaces, name, candidates);
                    if (ExtensionScopeOf(model, cancellationToken).Contains(name) && !AddExtensions(type))
                    {
                        return false;
                    }

                    break;
                case SimpleNameSyntax when AddEnclosingMembers(call, name, model, candidates, cancellationToken):
                    break;
                default:
                    return false;
            }

            var memoryArguments = MemoryArgumentTypes(call, model, cancellationToken);
            if (memoryArguments == null)
            {
                return false;
            }

            foreach (var symbol in candidates)
            {
                if (symbol is not IMethodSymbol candidate
                    || ArgumentsKeepTheirTypes(invocation, candidate, model.Compilation)
                    || (memoryArguments.Count > 0 && !TakesNoneOf(candidate, memoryArguments, model.Compilation)))
                {
                    return false;
                }
            }

            return true;

            // An extension of the name is in scope: what the compiler's lookup on the type finds besides its members, where
            // all are extension methods that are not generic (a generic one's type arguments are inferred from all the
            // arguments, not from the receiver alone as in its reduced form); anything else (a member of a C# 14
            // extension block) is left to binding.
            bool AddExtensions(INamedTypeSymbol type)
            {
                var members = new HashSet<ISymbol>(candidates, SymbolEqualityComparer.Default);
                foreach (var symbol in model.LookupSymbols(call.SpanStart, type, name, includeReducedExtensionMethods: true))
                {
                    if (symbol is IMethodSymbol { MethodKind: MethodKind.ReducedExtension, ReducedFrom.IsGenericMethod: false })
                    {
                        candidates.Add(symbol);
                    }
                    else if (!members.Contains(symbol))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>
        /// What the compiler's lookup of the simple name <paramref name="name"/> can find at the call, added to
        /// <paramref name="candidates"/>: the members of the name of the enclosing types (their bases and interfaces
        /// included), where one of them has such a member (lookup ends at the first that has, before any <c>using
        /// static</c> type) and nothing of the name is declared in the member around the call or in the enclosing types'
        /// type parameters and primary constructors (then no local, parameter, local function or type parameter of the
        /// name can be found first). A simple name never finds an extension method (that needs a receiver).
        /// False where that cannot be told.
        /// </summary>
        private static bool AddEnclosingMembers(InvocationExpressionSyntax call, string name, SemanticModel model, List<ISymbol> candidates, System.Threading.CancellationToken cancellationToken)
        {
            MemberDeclarationSyntax? member = null;
            foreach (var ancestor in call.Ancestors())
            {
                switch (ancestor)
                {
                    case TypeDeclarationSyntax type:
                        if (member == null
                            || MentionsName(member, name)
                            || MentionsName(type.TypeParameterList, name)
                            || MentionsName(type.ParameterList, name)
                            || model.GetDeclaredSymbol(type, cancellationToken) is not { } declared)
                        {
                            return false;
                        }

                        AddMembersNamed(declared, declared.AllInterfaces, name, candidates);
                        break;
                    case MemberDeclarationSyntax declaration when member == null:
                        member = declaration;
                        break;
                }
            }

            return candidates.Count > 0;

            // An identifier of the name that can declare something (a reference is a simple name), other than the member's
            // own name.
            static bool MentionsName(SyntaxNode? node, string name)
            {
                if (node != null)
                {
                    foreach (var token in node.DescendantTokens())
                    {
                        if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent != node && token.Parent is not SimpleNameSyntax && token.ValueText == name)
                        {
                            return true;
                        }
                    }
                }

                return false;
            }
        }

        /// <summary>
        /// The arguments <see cref="AsMemoryArguments"/> writes as memory, each with the types <c>x.AsMemory</c> can bind
        /// to there (what the lookup of <c>AsMemory</c> on <c>x</c>'s type finds, instance and extension methods); empty
        /// when it writes none, null when that cannot be told (a lookup finds something else, or a generic method).
        /// </summary>
        private List<(ArgumentSyntax Argument, int Index, List<ITypeSymbol> Types)>? MemoryArgumentTypes(InvocationExpressionSyntax call, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            var found = new List<(ArgumentSyntax, int, List<ITypeSymbol>)>();
            var arguments = call.ArgumentList.Arguments;
            for (var i = 0; i < arguments.Count; i++)
            {
                if (MemoryExtensionsAsSpan(arguments[i], model, cancellationToken) is not { } asSpan)
                {
                    continue;
                }

                if (model.GetTypeInfo(asSpan.Expression, cancellationToken).Type is not { } spanned)
                {
                    return null;
                }

                var types = new List<ITypeSymbol>();
                foreach (var symbol in model.LookupSymbols(call.SpanStart, spanned, "AsMemory", includeReducedExtensionMethods: true))
                {
                    // A generic one counts only where its type arguments come from the receiver alone, as in its reduced form.
                    if (symbol is not IMethodSymbol asMemory
                        || (asMemory.IsGenericMethod && asMemory.ReducedFrom == null)
                        || MentionsTypeParameterOf(asMemory.ReturnType, method: null)
                        || (asMemory.ReducedFrom is { } definition && definition.Parameters.Skip(1).Any(p => MentionsTypeParameterOf(p.Type, definition))))
                    {
                        return null;
                    }

                    types.Add(asMemory.ReturnType);
                }

                if (types.Count == 0)
                {
                    return null;
                }

                found.Add((arguments[i], i, types));
            }

            return found;
        }

        /// <summary>
        /// The candidate cannot bind the call with its span arguments written as memory: one of them goes to a parameter
        /// none of its memory types converts to, or to none at all. A <c>params</c> parameter, or one made of the
        /// candidate's own type parameters, is left to binding.
        /// </summary>
        private static bool TakesNoneOf(IMethodSymbol candidate, List<(ArgumentSyntax Argument, int Index, List<ITypeSymbol> Types)> memoryArguments, Compilation compilation)
        {
            if (candidate.IsVararg)
            {
                return false;
            }

            var hasParams = candidate.Parameters.Length > 0 && candidate.Parameters[candidate.Parameters.Length - 1].IsParams;
            foreach (var (argument, index, types) in memoryArguments)
            {
                var target = ParameterFor(candidate, argument, index);
                if (target == null)
                {
                    if (hasParams)
                    {
                        continue;
                    }

                    return true;
                }

                if (target.IsParams || MentionsTypeParameterOf(target.Type, candidate))
                {
                    continue;
                }

                var converts = false;
                foreach (var type in types)
                {
                    converts |= compilation.ClassifyCommonConversion(type, target.Type).IsImplicit;
                }

                if (!converts)
                {
                    return true;
                }
            }

            return false;
        }

        private AsyncCounterpart? BindCall(InvocationExpressionSyntax siblingCall, int position, IMethodSymbol blocking, SemanticModel model, bool needsOtherArguments, IInvocationOperation invocation)
        {
            var argumentCount = siblingCall.ArgumentList.Arguments.Count;
            var plain = Accepted(model.GetSpeculativeSymbolInfo(position, siblingCall, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol, blocking);

            // With a token: appended by position, which binds only when no named argument precedes it.
            IMethodSymbol? withToken = null;
            if (_types.CancellationToken != null && !HasNamedArgument(siblingCall.ArgumentList))
            {
                var tokenArgument = SyntaxFactory.Argument(SyntaxFactory.DefaultExpression(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken")));
                var tokened = siblingCall.WithArgumentList(siblingCall.ArgumentList.AddArguments(tokenArgument));
                withToken = Accepted(model.GetSpeculativeSymbolInfo(position, tokened, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol, blocking);
                if (withToken != null && (withToken.Parameters.Length != argumentCount + 1 || !IsToken(withToken.Parameters[argumentCount])))
                {
                    withToken = null;
                }
            }

            // An overload whose trailing token is optional and was left out is the token overload.
            if (plain != null && plain.Parameters.Length > argumentCount && IsToken(plain.Parameters[plain.Parameters.Length - 1]))
            {
                withToken ??= plain;
                plain = null;
            }

            if (!needsOtherArguments)
            {
                plain = ArgumentsKeepTheirTypes(invocation, plain, model.Compilation) ? plain : null;
                withToken = ArgumentsKeepTheirTypes(invocation, withToken, model.Compilation) ? withToken : null;
            }

            if (plain == null && withToken == null)
            {
                return null;
            }

            var any = (withToken ?? plain)!;
            return new AsyncCounterpart(plain, withToken, isOnOtherType: false, yieldsAsyncStream: !_types.IsTaskLike(any.ReturnType), needsOtherArguments);

            bool IsToken(IParameterSymbol parameter) => !parameter.IsParams && SymbolEqualityComparer.Default.Equals(parameter.Type, _types.CancellationToken);
        }

        /// <summary>
        /// Each written argument's own type converts implicitly to the sibling's parameter it binds to. An argument without
        /// a type of its own (<c>null</c>, <c>default</c>, a lambda) stands for the blocking method's parameter type: a
        /// call that binds a sibling only because <c>null</c> converts to any class (<c>Update(Model)</c> next to
        /// <c>UpdateAsync(RequestOptions)</c>) is a different operation, not its async form. A parameter whose type is made
        /// of the sibling's own type parameters (a generic method not constructed for the call, as
        /// <see cref="NoneBindsWithTheseArguments"/> asks) is left to binding.
        /// </summary>
        private static bool ArgumentsKeepTheirTypes(IInvocationOperation invocation, IMethodSymbol? sibling, Compilation compilation)
        {
            if (sibling == null || invocation.Syntax is not InvocationExpressionSyntax call)
            {
                return sibling != null;
            }

            var written = call.ArgumentList.Arguments;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Syntax is not ArgumentSyntax syntax || argument.Parameter == null)
                {
                    continue;
                }

                var target = ParameterFor(sibling, syntax, written.IndexOf(syntax));
                if (target == null || target.IsParams || MentionsTypeParameterOf(target.Type, sibling))
                {
                    continue;
                }

                var value = argument.Value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : argument.Value;
                var source = value.Type ?? argument.Parameter.Type;
                if (!compilation.ClassifyCommonConversion(source, target.Type).IsImplicit)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The parameter an argument written at <paramref name="index"/> goes to: by its name where it is named, else by position; null for none.</summary>
        private static IParameterSymbol? ParameterFor(IMethodSymbol method, ArgumentSyntax argument, int index)
            => argument.NameColon != null
                ? method.Parameters.FirstOrDefault(p => p.Name == argument.NameColon.Name.Identifier.ValueText)
                : index >= 0 && index < method.Parameters.Length ? method.Parameters[index] : null;

        /// <summary>The type is, or is made of, a type parameter of <paramref name="method"/> itself (of any method where null).</summary>
        private static bool MentionsTypeParameterOf(ITypeSymbol type, IMethodSymbol? method)
        {
            switch (type)
            {
                case ITypeParameterSymbol parameter:
                    return method == null ? parameter.TypeParameterKind == TypeParameterKind.Method : SymbolEqualityComparer.Default.Equals(parameter.DeclaringMethod, method);
                case IArrayTypeSymbol array:
                    return MentionsTypeParameterOf(array.ElementType, method);
                case IPointerTypeSymbol pointer:
                    return MentionsTypeParameterOf(pointer.PointedAtType, method);
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments)
                    {
                        if (MentionsTypeParameterOf(argument, method))
                        {
                            return true;
                        }
                    }

                    return named.ContainingType != null && MentionsTypeParameterOf(named.ContainingType, method);
                default:
                    // Function pointers and the like: left to binding.
                    return type is IFunctionPointerTypeSymbol;
            }
        }

        /// <summary>A bound sibling that can replace the call: not obsolete, awaitable with the call's result, or an async stream of its elements.</summary>
        private IMethodSymbol? Accepted(IMethodSymbol? sibling, IMethodSymbol blocking)
        {
            if (sibling == null || IsObsolete(sibling.ReducedFrom ?? sibling))
            {
                return null;
            }

            var returnType = sibling.ReturnType as INamedTypeSymbol;
            if (returnType != null && _types.IsTaskLike(returnType))
            {
                return blocking.ReturnsVoid
                    ? (!returnType.IsGenericType ? sibling : null)
                    : returnType.IsGenericType && _types.IsTaskWithResult(returnType) && SymbolEqualityComparer.Default.Equals(returnType.TypeArguments[0], blocking.ReturnType) ? sibling : null;
            }

            return IsAsyncStreamOf(returnType, blocking.ReturnType) ? sibling : null;
        }

        /// <summary><c>IAsyncEnumerable&lt;T&gt;</c> where the blocking method returns <c>IEnumerable&lt;T&gt;</c>, with the same <c>T</c>.</summary>
        private bool IsAsyncStreamOf(ITypeSymbol? candidate, ITypeSymbol blocking)
            => candidate is INamedTypeSymbol { IsGenericType: true } stream
                && blocking is INamedTypeSymbol { IsGenericType: true } sequence
                && WellKnownSymbols.Is(stream.OriginalDefinition, _types.AsyncEnumerableOfT)
                && WellKnownSymbols.Is(sequence.OriginalDefinition, _types.EnumerableOfT)
                && TypesMatch(stream.TypeArguments[0], sequence.TypeArguments[0]);

        /// <summary>
        /// <c>a?.B.M(..)</c>: the callee's receiver starts with a member binding (<c>.B</c>) that only binds inside its
        /// conditional access; taken out of it, the compiler's binder fails on it.
        /// </summary>
        private static bool IsInConditionalAccess(ExpressionSyntax callee)
        {
            for (var current = callee; ;)
            {
                switch (current)
                {
                    case MemberBindingExpressionSyntax or ElementBindingExpressionSyntax:
                        return true;
                    case MemberAccessExpressionSyntax memberAccess:
                        current = memberAccess.Expression;
                        break;
                    case InvocationExpressionSyntax invocation:
                        current = invocation.Expression;
                        break;
                    case ElementAccessExpressionSyntax elementAccess:
                        current = elementAccess.Expression;
                        break;
                    case ParenthesizedExpressionSyntax parenthesized:
                        current = parenthesized.Expression;
                        break;
                    case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                        current = suppressed.Operand;
                        break;
                    default:
                        return false;
                }
            }
        }

        /// <summary>The callee with another name: <c>x.M</c> → <c>x.MAsync</c>, <c>M&lt;T&gt;</c> → <c>MAsync&lt;T&gt;</c>; null for other shapes.</summary>
        private static ExpressionSyntax? Renamed(ExpressionSyntax callee, string name)
            => callee switch
            {
                MemberAccessExpressionSyntax memberAccess => memberAccess.WithName(Renamed(memberAccess.Name, name)),
                SimpleNameSyntax simple => Renamed(simple, name),
                _ => null,
            };

        private static SimpleNameSyntax Renamed(SimpleNameSyntax simple, string name)
            => simple is GenericNameSyntax generic ? generic.WithIdentifier(SyntaxFactory.Identifier(name)) : SyntaxFactory.IdentifierName(name);

        /// <summary>The arguments with each <c>x.AsSpan(..)</c> (MemoryExtensions) written <c>x.AsMemory(..)</c>; null when there is none.</summary>
        private ArgumentListSyntax? AsMemoryArguments(ArgumentListSyntax arguments, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            ArgumentListSyntax? rewritten = null;
            for (var i = 0; i < arguments.Arguments.Count; i++)
            {
                if (MemoryExtensionsAsSpan(arguments.Arguments[i], model, cancellationToken) is { } asSpan)
                {
                    var memoryCall = ((InvocationExpressionSyntax)arguments.Arguments[i].Expression).WithExpression(asSpan.WithName(SyntaxFactory.IdentifierName("AsMemory")));
                    var current = rewritten ?? arguments;
                    rewritten = current.WithArguments(current.Arguments.Replace(current.Arguments[i], arguments.Arguments[i].WithExpression(memoryCall)));
                }
            }

            return rewritten;
        }

        /// <summary>The callee <c>x.AsSpan</c> of an argument written <c>x.AsSpan(..)</c> that calls MemoryExtensions' method, or null.</summary>
        private MemberAccessExpressionSyntax? MemoryExtensionsAsSpan(ArgumentSyntax argument, SemanticModel model, System.Threading.CancellationToken cancellationToken)
            => _memoryExtensions != null
                && argument.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" } asSpan } spanCall
                && model.GetSymbolInfo(spanCall, cancellationToken).Symbol is IMethodSymbol spanMethod
                && SymbolEqualityComparer.Default.Equals(spanMethod.ContainingType, _memoryExtensions)
                ? asSpan
                : null;

        private static bool HasNamedArgument(ArgumentListSyntax arguments)
        {
            foreach (var argument in arguments.Arguments)
            {
                if (argument.NameColon != null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The names ending in Async declared by the classes whose extension methods a file can call: those of its
        /// imported namespaces (global usings included), its <c>using static</c> types, and its enclosing namespaces.
        /// A superset: every member of those classes counts, and every namespace block of the file.
        /// </summary>
        private ExtensionScope ExtensionNamesInScope(SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            var containers = new List<INamespaceOrTypeSymbol>();
            var root = model.SyntaxTree.GetRoot(cancellationToken);
            foreach (var declaration in NamespaceDeclarations(root))
            {
                if (model.GetDeclaredSymbol(declaration, cancellationToken) is INamespaceSymbol declared && model.Compilation.GetCompilationNamespace(declared) is { } ns)
                {
                    AddWithParents(ns, containers);
                }
            }

            foreach (var position in ImportPositions(root))
            {
                AddImports(model, position, containers, cancellationToken);
            }

            AddWithParents(_compilation.GlobalNamespace, containers);
            return Scope(containers);
        }

        /// <summary>
        /// A superset of <see cref="ExtensionNamesInScope"/> read from the file's using directives and namespace
        /// declarations by name, without binding them (binding a file's imports costs more than all of its calls' lookups):
        /// what every file imports (<see cref="ImportedEverywhere"/>), the namespaces the file's usings name (in each
        /// namespace a relative name could mean), its <c>using static</c> types, the namespaces it declares and their
        /// parents. Null where a name is not a namespace found that way (an extern alias, a namespace that does not exist):
        /// then the imports are bound.
        /// </summary>
        private ExtensionScope? ExtensionScopeBySyntax(SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            if (model.SyntaxTree.GetRoot(cancellationToken) is not CompilationUnitSyntax root)
            {
                return null;
            }

            var containers = new List<INamespaceOrTypeSymbol>();
            return AddDeclared(root.Usings, root.Members, _compilation.GlobalNamespace) ? Scope(containers, ImportedEverywhere(model, cancellationToken)) : null;

            bool AddDeclared(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<MemberDeclarationSyntax> members, INamespaceSymbol within)
            {
                foreach (var directive in usings)
                {
                    if (directive.Alias != null)
                    {
                        // An alias brings no extension methods into scope.
                        continue;
                    }

                    if (directive.StaticKeyword != default)
                    {
                        if (directive.Name is not { } typeName || model.GetSymbolInfo(typeName, cancellationToken).Symbol is not INamedTypeSymbol type)
                        {
                            return false;
                        }

                        containers.Add(type);
                        continue;
                    }

                    var found = false;
                    for (var ns = within; ns != null; ns = ns.ContainingNamespace)
                    {
                        if (NamespaceNamed(directive.Name, ns) is { } named)
                        {
                            containers.Add(named);
                            found = true;
                        }
                    }

                    if (!found)
                    {
                        return false;
                    }
                }

                foreach (var member in members)
                {
                    if (member is BaseNamespaceDeclarationSyntax declaration)
                    {
                        if (NamespaceNamed(declaration.Name, within) is not { } declared)
                        {
                            return false;
                        }

                        AddWithParents(declared, containers);
                        if (!AddDeclared(declaration.Usings, declaration.Members, declared))
                        {
                            return false;
                        }
                    }
                }

                return true;
            }
        }

        /// <summary>
        /// The name sets of what the first file asked about imports, every namespace of its import scopes: global usings
        /// (which every file sees) and that file's own (which only widen the others' sets), and the global namespace's.
        /// Worked out once per compilation.
        /// </summary>
        private List<HashSet<string>> ImportedEverywhere(SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            var imported = System.Threading.Volatile.Read(ref _importedEverywhere);
            if (imported == null)
            {
                var containers = new List<INamespaceOrTypeSymbol> { _compilation.GlobalNamespace };
                AddImports(model, ImportPositions(model.SyntaxTree.GetRoot(cancellationToken))[0], containers, cancellationToken);
                var sets = SetsOf(containers, new List<HashSet<string>>());
                imported = System.Threading.Interlocked.CompareExchange(ref _importedEverywhere, sets, null) ?? sets;
            }

            return imported;
        }

        /// <summary>The namespace a dotted name (or <c>global::</c> name) names, looked up from <paramref name="within"/>; null where none.</summary>
        private INamespaceSymbol? NamespaceNamed(NameSyntax? name, INamespaceSymbol within)
        {
            switch (name)
            {
                case IdentifierNameSyntax identifier:
                    foreach (var member in within.GetMembers(identifier.Identifier.ValueText))
                    {
                        if (member is INamespaceSymbol ns)
                        {
                            return ns;
                        }
                    }

                    return null;
                case QualifiedNameSyntax qualified:
                    return NamespaceNamed(qualified.Left, within) is { } left ? NamespaceNamed(qualified.Right, left) : null;
                case AliasQualifiedNameSyntax aliased when aliased.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword):
                    return NamespaceNamed(aliased.Name, _compilation.GlobalNamespace);
                default:
                    return null;
            }
        }

        private static IEnumerable<BaseNamespaceDeclarationSyntax> NamespaceDeclarations(SyntaxNode root)
            => root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseNamespaceDeclarationSyntax>();

        /// <summary>
        /// Points of a file that see all its imports between them: in each namespace block, its first member's start (which
        /// sees the block's usings and those around it); in a file without one, the end of the file (a point among the
        /// usings would not see them).
        /// </summary>
        private static List<int> ImportPositions(SyntaxNode root)
        {
            var positions = new List<int>();
            foreach (var declaration in NamespaceDeclarations(root))
            {
                if (declaration.Members.Count > 0)
                {
                    positions.Add(declaration.Members[0].SpanStart);
                }
            }

            if (positions.Count == 0)
            {
                positions.Add(Math.Max(0, root.FullSpan.End - 1));
            }

            return positions;
        }

        /// <summary>What the import scopes at <paramref name="position"/> import (binds the file's usings).</summary>
        private static void AddImports(SemanticModel model, int position, List<INamespaceOrTypeSymbol> containers, System.Threading.CancellationToken cancellationToken)
        {
            foreach (var scope in model.GetImportScopes(position, cancellationToken))
            {
                foreach (var import in scope.Imports)
                {
                    containers.Add(import.NamespaceOrType);
                }
            }
        }

        private static void AddWithParents(INamespaceSymbol ns, List<INamespaceOrTypeSymbol> containers)
        {
            for (var current = ns; current != null; current = current.ContainingNamespace)
            {
                containers.Add(current);
            }
        }

        /// <summary>
        /// The scope of <paramref name="containers"/> (and of the sets of <paramref name="seen"/>): their name sets, each
        /// once, kept apart (asked only for a name some set has).
        /// </summary>
        private ExtensionScope Scope(List<INamespaceOrTypeSymbol> containers, List<HashSet<string>>? seen = null)
            => new ExtensionScope(SetsOf(containers, seen == null ? new List<HashSet<string>>() : new List<HashSet<string>>(seen)).ToArray(), _anyExtensionName);

        /// <summary>Adds to <paramref name="sets"/> the containers' non-empty name sets it does not hold yet.</summary>
        private List<HashSet<string>> SetsOf(List<INamespaceOrTypeSymbol> containers, List<HashSet<string>> sets)
        {
            foreach (var container in containers)
            {
                var set = ExtensionNamesIn(container);
                if (set.Count > 0 && !sets.Contains(set))
                {
                    sets.Add(set);
                }
            }

            return sets;
        }

        /// <summary>
        /// <see cref="ExtensionNamesInScope"/> of the model's file (<see cref="ExtensionScopeBySyntax"/> where it can tell).
        /// Asked per call: found by the tree itself (hashing the scope key, and a closure, cost more than the rest).
        /// </summary>
        private ExtensionScope ExtensionScopeOf(SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            var tree = model.SyntaxTree;
            if (!_extensionScopesByTree.TryGetValue(tree, out var scope))
            {
                scope = _extensionScopesByTree.GetOrAdd(
                    tree,
                    ExtensionScopeBySyntax(model, cancellationToken) ?? _extensionScopes.GetOrAdd(ScopeKey(tree), _ => ExtensionNamesInScope(model, cancellationToken)));
            }

            return scope;
        }

        /// <summary>Names ending in Async of the members of the static classes in a namespace, or of a <c>using static</c> type.</summary>
        private HashSet<string> ExtensionNamesIn(INamespaceOrTypeSymbol container)
            => _extensionNamesByContainer.GetOrAdd(container, c =>
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                if (c is INamedTypeSymbol imported)
                {
                    AddNames(imported, names);
                    return Published(names);
                }

                // A namespace spans assemblies. Like the compiler, skip the referenced ones that declare no extension
                // method; in source, take every static class (extension blocks sit in types nested in them). What a
                // metadata reference's part declares is kept with it, for every compilation.
                foreach (var part in ((INamespaceSymbol)c).ConstituentNamespaces)
                {
                    var inSource = part.NamespaceKind == NamespaceKind.Module && SymbolEqualityComparer.Default.Equals(part.ContainingAssembly, _compilation.Assembly);
                    if (!inSource && part.ContainingAssembly is { MightContainExtensionMethods: false })
                    {
                        continue;
                    }

                    if (inSource || !IsFromMetadata(part))
                    {
                        AddExtensionNames(part, inSource, names);
                    }
                    else
                    {
                        names.UnionWith(ReferencedExtensionNames.GetValue(part, static p =>
                        {
                            var found = new HashSet<string>(StringComparer.Ordinal);
                            AddExtensionNames(p, inSource: false, found);
                            return found.ToArray();
                        }));
                    }
                }

                return Published(names);
            });

        /// <summary>Names ending in Async of the members of a namespace part's classes that may declare extension methods (in source: its static classes).</summary>
        private static void AddExtensionNames(INamespaceSymbol part, bool inSource, HashSet<string> names)
        {
            foreach (var type in part.GetTypeMembers())
            {
                if (type.MightContainExtensionMethods || (inSource && type.IsStatic))
                {
                    AddNames(type, names);
                }
            }
        }

        /// <summary>Names ending in Async of a type's members and of its nested types' members.</summary>
        private static void AddNames(INamedTypeSymbol type, HashSet<string> names)
        {
            foreach (var name in type.MemberNames)
            {
                if (name.EndsWith("Async", StringComparison.Ordinal))
                {
                    names.Add(name);
                }
            }

            foreach (var nested in type.GetTypeMembers())
            {
                AddNames(nested, names);
            }
        }

        /// <summary>
        /// Adds a container's names to <see cref="_anyExtensionName"/> when its set is made, before any scope can hold it
        /// (where two threads make the same set, both add the same names).
        /// </summary>
        private HashSet<string> Published(HashSet<string> names)
        {
            foreach (var name in names)
            {
                _anyExtensionName.TryAdd(name, true);
            }

            return names;
        }

        /// <summary>
        /// The counterpart among the members of the receiver's type (its bases and interfaces), matched by declared
        /// parameters; <paramref name="namedSiblings"/> says of which of the counterpart's names members exist at all
        /// (then the call is worth binding again, <see cref="BindSibling"/>); <paramref name="names"/> is what
        /// <see cref="CounterpartMemberNames"/> found, so only the names that exist are looked up.
        /// </summary>
        private AsyncCounterpart? FindMember(IMethodSymbol method, ITypeSymbol? receiverType, SiblingNames names, out SiblingNames namedSiblings)
        {
            namedSiblings = SiblingNames.None;

            // Generic methods are matched in their definition form, where type parameters compare by position.
            var definition = method.IsGenericMethod && !method.IsExtensionMethod ? method.ConstructedFrom : method;
            if (_configuredReplacements.Count > 0
                && _configuredReplacements.TryGetValue(BlockingApiConfiguration.QualifiedName(method.ContainingType) + "." + method.Name, out var configured))
            {
                return Shape(definition, receiverType) is { } shape
                    ? Match(shape, configured, isOnOtherType: !SymbolEqualityComparer.Default.Equals(configured[0].ContainingType, method.ContainingType))
                    : null;
            }

            if (IsThreadSleep(method))
            {
                return Match(definition, _types.Task.GetMembers("Delay"), isOnOtherType: true);
            }

            if (method.IsExtensionMethod)
            {
                // Extension siblings are found through the scope of the call site; an instance method of the receiver
                // (`x.Load()` an extension, `x.LoadAsync()` the receiver's own) by binding the call, where the method
                // reduces onto the receiver (asked last: reducing costs more than looking the names up).
                if (names != SiblingNames.None && Shape(definition, receiverType) != null)
                {
                    namedSiblings = names;
                }

                return null;
            }

            var searchRoot = SearchRoot(method, receiverType);
            var candidates = new List<ISymbol>();
            if ((names & SiblingNames.Async) != 0)
            {
                AddMembersNamed(searchRoot, searchRoot.AllInterfaces, method.Name + "Async", candidates);
            }

            if ((names & SiblingNames.TaskAsync) != 0)
            {
                AddMembersNamed(searchRoot, searchRoot.AllInterfaces, method.Name + "TaskAsync", candidates);
            }

            namedSiblings = names;
            return Match(definition, candidates, isOnOtherType: false);
        }

        /// <summary>
        /// The members named <paramref name="name"/> of <paramref name="type"/> (first), its base types and
        /// <paramref name="interfaces"/> (its <c>AllInterfaces</c>, read once by callers that look up several names).
        /// </summary>
        private static void AddMembersNamed(INamedTypeSymbol type, ImmutableArray<INamedTypeSymbol> interfaces, string name, List<ISymbol> into)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                into.AddRange(current.GetMembers(name));
            }

            foreach (var @interface in interfaces)
            {
                into.AddRange(@interface.GetMembers(name));
            }
        }

        /// <summary>Which of the counterpart's names the type, a base or an interface declares a member of.</summary>
        private SiblingNames InstanceMemberNames(INamedTypeSymbol type, string blockingName)
            => CounterpartNamesOf(type.OriginalDefinition).TryGetValue(blockingName, out var found) ? found : SiblingNames.None;

        /// <summary>
        /// For a type definition, the blocking names its members of a counterpart's name answer, with the names they
        /// have (<c>ReadAsync</c> answers <c>Read</c>, <c>ReadTaskAsync</c> both <c>ReadTask</c> and <c>Read</c>), from the type,
        /// its bases and its interfaces: one lookup per call instead of a walk of them (the names do not depend on type arguments).
        /// </summary>
        private Dictionary<string, SiblingNames> CounterpartNamesOf(INamedTypeSymbol definition)
        {
            if (_counterpartNames.TryGetValue(definition, out var names))
            {
                return names;
            }

            // A type from metadata is the same object only in compilations whose references bind it the same way (Roslyn
            // makes new symbols for it where a base or interface of it comes from a compilation that changed), so its
            // table can be kept with it, including what bases from source declare.
            names = IsFromMetadata(definition)
                ? ReferencedCounterpartNames.GetValue(definition, static type => NamesAnswered(type, DeclaredInReference))
                : NamesAnswered(definition, DeclaredInCompilation);
            return _counterpartNames.GetOrAdd(definition, names);
        }

        /// <summary>The table of <see cref="CounterpartNamesOf"/>, from what each of the types declares (<paramref name="declared"/>).</summary>
        private static Dictionary<string, SiblingNames> NamesAnswered(INamedTypeSymbol definition, Func<INamedTypeSymbol, KeyValuePair<string, SiblingNames>[]> declared)
        {
            var names = new Dictionary<string, SiblingNames>(StringComparer.Ordinal);
            for (var current = definition; current != null; current = current.BaseType?.OriginalDefinition)
            {
                AddTo(names, declared(current));
            }

            foreach (var @interface in definition.AllInterfaces)
            {
                AddTo(names, declared(@interface.OriginalDefinition));
            }

            return names;

            static void AddTo(Dictionary<string, SiblingNames> into, KeyValuePair<string, SiblingNames>[] declared)
            {
                foreach (var pair in declared)
                {
                    into[pair.Key] = into.TryGetValue(pair.Key, out var flags) ? flags | pair.Value : pair.Value;
                }
            }
        }

        /// <summary><see cref="DeclaredNamesOf"/> of a type of this compilation (or of another compilation it references), per compilation.</summary>
        private KeyValuePair<string, SiblingNames>[] DeclaredInCompilation(INamedTypeSymbol definition)
            => IsFromMetadata(definition) ? ReferencedDeclaredNames.GetValue(definition, DeclaredNamesOf) : _declaredCounterpartNames.GetOrAdd(definition, DeclaredNamesOf);

        /// <summary>
        /// <see cref="DeclaredNamesOf"/> for the table of a type from metadata: kept with the type where it is from metadata
        /// too; worked out each time for a base or interface that is not (a missing type, or a type of a referenced
        /// compilation or of this one, which a metadata reference can derive from).
        /// </summary>
        private static KeyValuePair<string, SiblingNames>[] DeclaredInReference(INamedTypeSymbol definition)
            => IsFromMetadata(definition) ? ReferencedDeclaredNames.GetValue(definition, DeclaredNamesOf) : DeclaredNamesOf(definition);

        /// <summary>
        /// A symbol of a metadata reference (not of a compilation, this one or a referenced one): what it declares is the
        /// same in every compilation that shares the reference's symbols, so facts about it can be kept with it.
        /// </summary>
        private static bool IsFromMetadata(ISymbol symbol)
        {
            var locations = symbol.Locations;
            return locations.Length > 0 && locations[0].IsInMetadata;
        }

        /// <summary>
        /// The blocking names that the counterpart-named members one type declares (not its bases') answer, shared by every
        /// type that derives from it or implements it.
        /// </summary>
        private static KeyValuePair<string, SiblingNames>[] DeclaredNamesOf(INamedTypeSymbol type)
        {
            var own = new List<KeyValuePair<string, SiblingNames>>();
            foreach (var name in type.MemberNames)
            {
                if (name.EndsWith("Async", StringComparison.Ordinal))
                {
                    own.Add(new KeyValuePair<string, SiblingNames>(name.Substring(0, name.Length - "Async".Length), SiblingNames.Async));
                    if (name.EndsWith("TaskAsync", StringComparison.Ordinal))
                    {
                        own.Add(new KeyValuePair<string, SiblingNames>(name.Substring(0, name.Length - "TaskAsync".Length), SiblingNames.TaskAsync));
                    }
                }
            }

            return own.ToArray();
        }

        /// <summary>Which names of a counterpart (<c>MAsync</c>, <c>MTaskAsync</c>) a type declares members of.</summary>
        [Flags]
        private enum SiblingNames
        {
            None = 0,
            Async = 1,
            TaskAsync = 2,
        }

        /// <summary>What decides which extension methods a file sees: its using directives and namespace declarations.</summary>
        private string ScopeKey(SyntaxTree tree)
            => _scopeKeys.GetOrAdd(tree, t =>
            {
                // Each directive's and name's text read from the file's text (what ToString() would build token by token).
                var key = new StringBuilder();
                var text = t.GetText();
                foreach (var node in t.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax))
                {
                    switch (node)
                    {
                        case UsingDirectiveSyntax usingDirective:
                            key.Append(text.ToString(usingDirective.Span)).Append('\n');
                            break;
                        case BaseNamespaceDeclarationSyntax ns:
                            key.Append("namespace ").Append(text.ToString(ns.Name.Span)).Append('\n');
                            break;
                    }
                }

                return key.ToString();
            });

        private ExtensionVerdict FindExtension(IMethodSymbol method, ITypeSymbol receiverType, SemanticModel model, int position)
        {
            var shape = Shape(method, receiverType);
            if (shape == null)
            {
                return ExtensionVerdict.None;
            }

            var candidates = new List<ISymbol>();
            var applicable = false;
            foreach (var name in AsyncNames(method.Name))
            {
                foreach (var symbol in model.LookupSymbols(position, receiverType, name, includeReducedExtensionMethods: true))
                {
                    if (symbol is IMethodSymbol { MethodKind: MethodKind.ReducedExtension })
                    {
                        candidates.Add(symbol);
                    }

                    // Members of C# 14 extension blocks come back as ordinary methods of the block: left to binding.
                    applicable |= symbol is IMethodSymbol;
                }
            }

            return !applicable ? ExtensionVerdict.None : new ExtensionVerdict(candidates.Count == 0 ? null : Match(shape, candidates, isOnOtherType: false), hasCandidates: true);
        }

        /// <summary>The method as its caller sees it: an extension method reduced onto the receiver.</summary>
        private static IMethodSymbol? Shape(IMethodSymbol method, ITypeSymbol? receiverType)
        {
            if (!method.IsExtensionMethod || method.MethodKind == MethodKind.ReducedExtension)
            {
                return method;
            }

            return receiverType == null ? null : method.ReduceExtensionMethod(receiverType);
        }

        private AsyncCounterpart? Match(IMethodSymbol blocking, IEnumerable<ISymbol> candidates, bool isOnOtherType)
        {
            IMethodSymbol? withoutToken = null;
            IMethodSymbol? withToken = null;
            foreach (var symbol in candidates)
            {
                if (symbol is not IMethodSymbol candidate
                    || (!isOnOtherType && candidate.IsStatic != blocking.IsStatic)
                    || (isOnOtherType && !candidate.IsStatic)
                    || candidate.Arity != blocking.Arity
                    || !ConstraintsNoStricter(blocking, candidate)
                    || IsObsolete(candidate)
                    || !ReturnsAwaitableOf(candidate, blocking))
                {
                    continue;
                }

                var sameCount = candidate.Parameters.Length == blocking.Parameters.Length;
                var plusToken = candidate.Parameters.Length == blocking.Parameters.Length + 1
                    && SymbolEqualityComparer.Default.Equals(candidate.Parameters[candidate.Parameters.Length - 1].Type, _types.CancellationToken);
                if ((!sameCount && !plusToken) || !ParametersMatch(blocking, candidate))
                {
                    continue;
                }

                if (sameCount)
                {
                    withoutToken ??= candidate;
                }
                else
                {
                    withToken ??= candidate;
                }
            }

            if (withoutToken == null && withToken == null)
            {
                return null;
            }

            return new AsyncCounterpart(withoutToken, withToken, isOnOtherType, yieldsAsyncStream: !_types.IsTaskLike((withToken ?? withoutToken)!.ReturnType));
        }

        /// <summary>
        /// The candidate's type parameters demand nothing the blocking method's do not (a <c>class</c>, <c>struct</c>,
        /// <c>new()</c>, <c>notnull</c> constraint or a constraint type): then every type argument the call uses fits
        /// the candidate too. Otherwise it is left to <see cref="BindSibling"/>, which checks the call's own type arguments.
        /// </summary>
        private static bool ConstraintsNoStricter(IMethodSymbol blocking, IMethodSymbol candidate)
        {
            for (var i = 0; i < candidate.TypeParameters.Length; i++)
            {
                var demanded = candidate.TypeParameters[i];
                var given = blocking.TypeParameters[i];
                if ((demanded.HasReferenceTypeConstraint && !given.HasReferenceTypeConstraint)
                    || (demanded.HasValueTypeConstraint && !given.HasValueTypeConstraint)
                    || (demanded.HasUnmanagedTypeConstraint && !given.HasUnmanagedTypeConstraint)
                    || (demanded.HasConstructorConstraint && !given.HasConstructorConstraint && !given.HasValueTypeConstraint)
                    || (demanded.HasNotNullConstraint && !given.HasNotNullConstraint && !given.HasValueTypeConstraint))
                {
                    return false;
                }

                foreach (var constraint in demanded.ConstraintTypes)
                {
                    var covered = false;
                    foreach (var available in given.ConstraintTypes)
                    {
                        covered |= TypesMatch(constraint, available);
                    }

                    if (!covered)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private bool ReturnsAwaitableOf(IMethodSymbol candidate, IMethodSymbol blocking)
        {
            var returnType = candidate.ReturnType as INamedTypeSymbol;
            if (returnType == null || !_types.IsTaskLike(returnType))
            {
                return IsAsyncStreamOf(returnType, blocking.ReturnType);
            }

            if (blocking.ReturnsVoid)
            {
                return !returnType.IsGenericType;
            }

            return returnType.IsGenericType
                && _types.IsTaskWithResult(returnType)
                && TypesMatch(returnType.TypeArguments[0], blocking.ReturnType);
        }

        private static bool ParametersMatch(IMethodSymbol blocking, IMethodSymbol candidate)
        {
            for (var i = 0; i < blocking.Parameters.Length; i++)
            {
                var expected = blocking.Parameters[i];
                var actual = candidate.Parameters[i];
                if (expected.RefKind != actual.RefKind || !TypesMatch(expected.Type, actual.Type))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Type equality that also equates the method type parameters of two generic methods by position.</summary>
        private static bool TypesMatch(ITypeSymbol a, ITypeSymbol b)
        {
            if (SymbolEqualityComparer.Default.Equals(a, b))
            {
                return true;
            }

            switch (a)
            {
                case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } left when b is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } right:
                    return left.Ordinal == right.Ordinal;
                case IArrayTypeSymbol left when b is IArrayTypeSymbol right:
                    return left.Rank == right.Rank && TypesMatch(left.ElementType, right.ElementType);
                case INamedTypeSymbol { IsGenericType: true } left when b is INamedTypeSymbol { IsGenericType: true } right
                    && SymbolEqualityComparer.Default.Equals(left.OriginalDefinition, right.OriginalDefinition):
                    for (var i = 0; i < left.TypeArguments.Length; i++)
                    {
                        if (!TypesMatch(left.TypeArguments[i], right.TypeArguments[i]))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        private bool IsObsolete(IMethodSymbol method)
        {
            if (ObsoleteAttribute == null)
            {
                return false;
            }

            foreach (var attribute in method.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, ObsoleteAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        private static IEnumerable<string> AsyncNames(string name)
        {
            yield return name + "Async";
            yield return name + "TaskAsync";
        }

        /// <summary>The configured replacements that exist in this compilation; the ones that do not are returned as problems.</summary>
        private static ImmutableDictionary<string, ImmutableArray<IMethodSymbol>> ResolveConfiguredReplacements(
            WellKnownSymbols types,
            BlockingApiConfiguration configuration,
            out ImmutableArray<ConfigurationProblem> problems)
        {
            var resolved = ImmutableDictionary.CreateBuilder<string, ImmutableArray<IMethodSymbol>>(StringComparer.Ordinal);
            var found = ImmutableArray.CreateBuilder<ConfigurationProblem>();
            foreach (var pair in configuration.Replacements)
            {
                var replacement = pair.Value;
                var dot = replacement.LastIndexOf('.');
                var type = types.Resolve(replacement.Substring(0, dot));
                var methods = type?.GetMembers(replacement.Substring(dot + 1)).OfType<IMethodSymbol>().ToImmutableArray() ?? ImmutableArray<IMethodSymbol>.Empty;
                var blockingDot = pair.Key.LastIndexOf('.');
                var blockingType = types.Resolve(pair.Key.Substring(0, blockingDot));
                if (blockingType == null)
                {
                    // The blocking type may simply not be referenced by this project; nothing to replace here.
                    continue;
                }

                if (methods.IsEmpty)
                {
                    found.Add(new ConfigurationProblem(Location.None, $"'{pair.Key} => {replacement}' in {BlockingApiConfiguration.FileName}: no method '{replacement}' is found in this compilation"));
                    continue;
                }

                resolved[pair.Key] = methods;
            }

            problems = found.ToImmutable();
            return resolved.ToImmutable();
        }

        /// <summary>
        /// Configured replacements that cannot apply: the replacement method does not exist, the blocking method does
        /// not exist on its type, or the replacement matches none of its overloads (not awaitable with the same result,
        /// or other parameters). Resolved once, with the replacements the rule uses.
        /// </summary>
        public IEnumerable<ConfigurationProblem> ConfigurationProblems()
        {
            foreach (var problem in _unresolvedReplacements)
            {
                yield return problem;
            }

            foreach (var pair in _configuration.Replacements)
            {
                if (!_configuredReplacements.TryGetValue(pair.Key, out var replacements))
                {
                    continue;
                }

                var dot = pair.Key.LastIndexOf('.');
                var blocking = _types.Resolve(pair.Key.Substring(0, dot))?.GetMembers(pair.Key.Substring(dot + 1)).OfType<IMethodSymbol>().ToList();
                var entry = $"'{pair.Key} => {pair.Value}' in {BlockingApiConfiguration.FileName}";
                if (blocking == null || blocking.Count == 0)
                {
                    yield return new ConfigurationProblem(Location.None, $"{entry}: no method '{pair.Key}' is found in this compilation");
                    continue;
                }

                var isOnOtherType = !SymbolEqualityComparer.Default.Equals(replacements[0].ContainingType, blocking[0].ContainingType);
                if (!blocking.Any(method => Shape(method, receiverType: null) is { } shape && Match(shape, replacements, isOnOtherType) != null))
                {
                    yield return new ConfigurationProblem(Location.None, $"{entry}: the replacement does not match any overload (it must be awaitable with the same result and take the same parameters, optionally plus a CancellationToken)");
                }
            }
        }

        /// <summary>Display of a type for the fix to write, e.g. <c>global::System.Threading.Tasks.Task</c>.</summary>
        public static string TypeSyntaxText(INamedTypeSymbol type) => type.ToDisplayString(QualifiedFormat);

        /// <summary>What is known about a method called on a receiver type: its member counterpart, or where to look for an extension one.</summary>
        private sealed class Verdict
        {
            public static readonly Verdict None = new Verdict(null, string.Empty, SiblingNames.None, Candidacy.No, mayHaveExtension: false);

            private ConcurrentDictionary<string, ExtensionVerdict>? _extensionsByScope;

            public Verdict(AsyncCounterpart? member, string name, SiblingNames namedSiblings, Candidacy candidate, bool mayHaveExtension)
            {
                Member = member;
                AsyncName = name + "Async";
                TaskAsyncName = name + "TaskAsync";
                NamedSiblings = namedSiblings;
                Candidate = candidate;
                MayHaveExtension = mayHaveExtension;
            }

            /// <summary>
            /// Whether the method is worth replacing at all (see <c>AsyncCounterpartFinder.IsCandidate</c>): known once a
            /// name matched, before that only when ruled out.
            /// </summary>
            public Candidacy Candidate { get; private set; }

            /// <summary>No member counterpart, and a receiver an extension counterpart could take.</summary>
            public bool MayHaveExtension { get; }

            /// <summary>The counterpart's names of which the receiver's type has members (when none matched by declared parameters, the call is bound).</summary>
            public SiblingNames NamedSiblings { get; }

            /// <summary>The names an extension counterpart can have (see <see cref="AsyncNames"/>).</summary>
            public string AsyncName { get; }

            public string TaskAsyncName { get; }

            public AsyncCounterpart? Member { get; }

            /// <summary>Extension counterparts per import scope (made on first need: most verdicts never look one up).</summary>
            public ConcurrentDictionary<string, ExtensionVerdict> ExtensionsByScope
                => _extensionsByScope ?? System.Threading.Interlocked.CompareExchange(ref _extensionsByScope, new ConcurrentDictionary<string, ExtensionVerdict>(StringComparer.Ordinal), null) ?? _extensionsByScope!;

            /// <summary><see cref="Candidate"/>, worked out on the first call that needs it (the answer depends on the method only).</summary>
            public bool IsCandidate(AsyncCounterpartFinder finder, IMethodSymbol method)
            {
                if (Candidate == Candidacy.Unknown)
                {
                    Candidate = finder.IsCandidate(method) ? Candidacy.Yes : Candidacy.No;
                }

                return Candidate == Candidacy.Yes;
            }
        }

        private enum Candidacy
        {
            Unknown,
            Yes,
            No,
        }

        /// <summary>The extension names one import scope sees: the sets of its containers, each asked in turn.</summary>
        private sealed class ExtensionScope
        {
            private readonly HashSet<string>[] _sets;
            private readonly ConcurrentDictionary<string, bool> _anyName;

            public ExtensionScope(HashSet<string>[] sets, ConcurrentDictionary<string, bool> anyName)
            {
                _sets = sets;
                _anyName = anyName;
            }

            public bool Contains(string name)
            {
                if (!_anyName.ContainsKey(name))
                {
                    return false;
                }

                foreach (var set in _sets)
                {
                    if (set.Contains(name))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>The extension counterpart in one import scope, and whether any extension of its name applies to the receiver.</summary>
        private sealed class ExtensionVerdict
        {
            public static readonly ExtensionVerdict None = new ExtensionVerdict(null, hasCandidates: false);

            public ExtensionVerdict(AsyncCounterpart? counterpart, bool hasCandidates)
            {
                Counterpart = counterpart;
                HasCandidates = hasCandidates;
            }

            public AsyncCounterpart? Counterpart { get; }

            public bool HasCandidates { get; }
        }

        private sealed class PairComparer : IEqualityComparer<(IMethodSymbol Method, ITypeSymbol? Receiver)>
        {
            public static readonly PairComparer Instance = new PairComparer();

            public bool Equals((IMethodSymbol Method, ITypeSymbol? Receiver) x, (IMethodSymbol Method, ITypeSymbol? Receiver) y)
                => SymbolEqualityComparer.Default.Equals(x.Method, y.Method) && SymbolEqualityComparer.Default.Equals(x.Receiver, y.Receiver);

            public int GetHashCode((IMethodSymbol Method, ITypeSymbol? Receiver) obj)
                => unchecked((SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(obj.Receiver));
        }
    }
}
