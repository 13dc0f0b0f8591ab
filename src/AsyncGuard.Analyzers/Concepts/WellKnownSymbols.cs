using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// Every type the rules and fixes need, resolved once per compilation. This is the only place that looks types up
    /// by metadata name (the repository bans <c>GetTypeByMetadataName</c> elsewhere); everything else compares
    /// symbols, so a user type that happens to be called <c>Task</c> or to have a <c>Result</c> member never matches.
    /// </summary>
    /// <remarks>
    /// A type defined twice (a polyfill in the project next to the real one in a reference, or two references that
    /// each carry an internal copy) makes <c>Compilation.GetTypeByMetadataName</c> return null. Resolution
    /// then prefers the compilation's own definition (that is what user code binds to), else the single definition
    /// accessible from the compilation.
    /// </remarks>
    internal sealed class WellKnownSymbols
    {
        private readonly Compilation _compilation;
        private readonly ReferenceResolutions _fromReferences;
        private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _byName = new ConcurrentDictionary<string, INamedTypeSymbol?>(System.StringComparer.Ordinal);
        private readonly ImmutableArray<INamedTypeSymbol> _awaiters;
        /// <summary>Per thread, the last method asked about and the answer (a pair replaced as a whole).</summary>
        private readonly System.Tuple<IMethodSymbol, bool>?[] _recentReturnsAwaitable = new System.Tuple<IMethodSymbol, bool>?[RecentSlots];

        private WellKnownSymbols(Compilation compilation, ReferenceResolutions fromReferences, INamedTypeSymbol task, INamedTypeSymbol taskOfT)
        {
            _compilation = compilation;
            _fromReferences = fromReferences;
            Task = task;
            TaskOfT = taskOfT;
            ValueTask = Resolve("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = Resolve("System.Threading.Tasks.ValueTask`1");
            CancellationToken = Resolve("System.Threading.CancellationToken");
            CancellationTokenSource = Resolve("System.Threading.CancellationTokenSource");
            SemaphoreSlim = Resolve("System.Threading.SemaphoreSlim");
            RateLimiter = Resolve("System.Threading.RateLimiting.RateLimiter");
            Thread = Resolve("System.Threading.Thread");
            Parallel = Resolve("System.Threading.Tasks.Parallel");
            TimeSpan = Resolve("System.TimeSpan");
            EventArgs = Resolve("System.EventArgs");
            ObsoleteAttribute = Resolve("System.ObsoleteAttribute");
            IAsyncDisposable = Resolve("System.IAsyncDisposable");
            Console = Resolve("System.Console");
            Stream = Resolve("System.IO.Stream");
            AggregateException = Resolve("System.AggregateException");
            Enumerable = Resolve("System.Linq.Enumerable");
            Queryable = Resolve("System.Linq.Queryable");
            ListOfT = Resolve("System.Collections.Generic.List`1");
            EnumerableOfT = Resolve("System.Collections.Generic.IEnumerable`1");
            AsyncEnumerableOfT = Resolve("System.Collections.Generic.IAsyncEnumerable`1");
            ILogger = Resolve("Microsoft.Extensions.Logging.ILogger");
            HttpContext = Resolve("Microsoft.AspNetCore.Http.HttpContext");
            EntityFrameworkDbSet = Resolve("Microsoft.EntityFrameworkCore.DbSet`1");
            EntityFrameworkDbContext = Resolve("Microsoft.EntityFrameworkCore.DbContext");
            InMemoryIoTypes = ResolveAll(
                "System.IO.MemoryStream",
                "System.IO.UnmanagedMemoryStream",
                "System.IO.StringReader",
                "System.IO.StringWriter",
                "System.Text.StringBuilder");
            _awaiters = ResolveAll(
                "System.Runtime.CompilerServices.TaskAwaiter",
                "System.Runtime.CompilerServices.TaskAwaiter`1",
                "System.Runtime.CompilerServices.ValueTaskAwaiter",
                "System.Runtime.CompilerServices.ValueTaskAwaiter`1",
                "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter",
                "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter",
                "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter",
                "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter");
            HasWaitAsync = HasInstanceMethod(task, "WaitAsync", CancellationToken);
            HasParallelForEachAsync = Parallel != null && !Parallel.GetMembers("ForEachAsync").IsEmpty;
        }

        public INamedTypeSymbol Task { get; }

        public INamedTypeSymbol TaskOfT { get; }

        public INamedTypeSymbol? ValueTask { get; }

        public INamedTypeSymbol? ValueTaskOfT { get; }

        public INamedTypeSymbol? CancellationToken { get; }

        public INamedTypeSymbol? CancellationTokenSource { get; }

        public INamedTypeSymbol? SemaphoreSlim { get; }

        /// <summary><c>System.Threading.RateLimiting.RateLimiter</c> (.NET 7 and later, or its package).</summary>
        public INamedTypeSymbol? RateLimiter { get; }

        public INamedTypeSymbol? Thread { get; }

        public INamedTypeSymbol? Parallel { get; }

        public INamedTypeSymbol? TimeSpan { get; }

        public INamedTypeSymbol? EventArgs { get; }

        public INamedTypeSymbol? ObsoleteAttribute { get; }

        public INamedTypeSymbol? IAsyncDisposable { get; }

        public INamedTypeSymbol? Console { get; }

        public INamedTypeSymbol? Stream { get; }

        public INamedTypeSymbol? AggregateException { get; }

        public INamedTypeSymbol? Enumerable { get; }

        public INamedTypeSymbol? Queryable { get; }

        public INamedTypeSymbol? ListOfT { get; }

        /// <summary><c>IEnumerable&lt;T&gt;</c>, whose async form is <c>IAsyncEnumerable&lt;T&gt;</c> (AG0002).</summary>
        public INamedTypeSymbol? EnumerableOfT { get; }

        public INamedTypeSymbol? AsyncEnumerableOfT { get; }

        /// <summary><c>Microsoft.Extensions.Logging.ILogger</c>, when the project references logging.</summary>
        public INamedTypeSymbol? ILogger { get; }

        /// <summary><c>Microsoft.AspNetCore.Http.HttpContext</c>, when the project is an ASP.NET Core app.</summary>
        public INamedTypeSymbol? HttpContext { get; }

        public INamedTypeSymbol? EntityFrameworkDbSet { get; }

        public INamedTypeSymbol? EntityFrameworkDbContext { get; }

        /// <summary>Streams, readers, writers and builders over memory: their IO gains nothing from async.</summary>
        public ImmutableArray<INamedTypeSymbol> InMemoryIoTypes { get; }

        /// <summary><c>Parallel.ForEachAsync</c> exists (.NET 6 and later).</summary>
        public bool HasParallelForEachAsync { get; }

        /// <summary><c>Task.WaitAsync(CancellationToken)</c> exists (.NET 6 and later).</summary>
        public bool HasWaitAsync { get; }

        /// <summary>
        /// One provider per compilation, shared by every rule and fix: each lookup by metadata name searches every
        /// reference, and each rule resolving its own was a sixth of AsyncGuard's whole cost on npgsql. The table holds
        /// nothing longer than the compilation it is keyed by.
        /// </summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Shared> PerCompilation =
            new System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Shared>();

        /// <summary>The compilation's provider (one per compilation); null when it has no Task type, so there is nothing to analyze.</summary>
        public static WellKnownSymbols? For(Compilation compilation)
            => PerCompilation.GetValue(compilation, c => new Shared(Create(c))).Symbols;

        private static WellKnownSymbols? Create(Compilation compilation)
        {
            var fromReferences = ReferenceResolutions.For(compilation);
            var task = ResolveIn(compilation, fromReferences, "System.Threading.Tasks.Task");
            var taskOfT = ResolveIn(compilation, fromReferences, "System.Threading.Tasks.Task`1");
            return task == null || taskOfT == null ? null : new WellKnownSymbols(compilation, fromReferences, task, taskOfT);
        }

        /// <summary>
        /// What the compilation's references resolve names to, shared by the compilations that have the same references
        /// and assembly identity. An analysis request of one file (the IDE's, or CompilationWithAnalyzers by tree)
        /// starts the rules on a compilation object of its own, which the per-compilation table above does not know:
        /// without this, every such request searched every reference for every type again (three quarters of
        /// AsyncGuard's cost when files were analyzed one by one). Types from references are the same symbols in all
        /// those compilations; types of the project's own are looked up in each compilation (they are its symbols).
        /// </summary>
        private sealed class ReferenceResolutions
        {
            /// <summary>Per core library (shared by compilations that reuse its metadata), the last few reference sets seen.</summary>
            private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IAssemblySymbol, List<ReferenceResolutions>> ByCoreLibrary =
                new System.Runtime.CompilerServices.ConditionalWeakTable<IAssemblySymbol, List<ReferenceResolutions>>();

            private const int KeptPerCoreLibrary = 8;

            private readonly string? _assemblyName;
            private readonly CompilationOptions _options;
            private readonly ImmutableArray<IAssemblySymbol> _references;

            private ReferenceResolutions(string? assemblyName, CompilationOptions options, ImmutableArray<IAssemblySymbol> references)
            {
                _assemblyName = assemblyName;
                _options = options;
                _references = references;
            }

            /// <summary>A type by metadata name from the references alone (no definition of the project's own exists).</summary>
            public ConcurrentDictionary<string, INamedTypeSymbol?> ByName { get; } = new ConcurrentDictionary<string, INamedTypeSymbol?>(System.StringComparer.Ordinal);

            public static ReferenceResolutions For(Compilation compilation)
            {
                // The assembly's name and options (its signing key among them) rather than its identity, which a new
                // compilation object computes by binding the assembly's attributes: most of a request's cost here. (A key
                // given by a source attribute instead of the options is not seen; it only matters for a type defined in
                // two references, one of them internal to this assembly.)
                var assemblyName = compilation.AssemblyName;
                var options = compilation.Options;
                var references = compilation.SourceModule.ReferencedAssemblySymbols;
                var coreLibrary = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
                if (coreLibrary == null)
                {
                    return new ReferenceResolutions(assemblyName, options, references);
                }

                var seen = ByCoreLibrary.GetValue(coreLibrary, _ => new List<ReferenceResolutions>());
                lock (seen)
                {
                    foreach (var candidate in seen)
                    {
                        if (candidate.Matches(assemblyName, options, references))
                        {
                            return candidate;
                        }
                    }

                    var added = new ReferenceResolutions(assemblyName, options, references);
                    if (seen.Count == KeptPerCoreLibrary)
                    {
                        seen.RemoveAt(0);
                    }

                    seen.Add(added);
                    return added;
                }
            }

            /// <summary>
            /// The same assembly name and options (what access to the references' internals depends on: the name and the
            /// signing key) and the very same referenced assembly symbols, in order.
            /// </summary>
            private bool Matches(string? assemblyName, CompilationOptions options, ImmutableArray<IAssemblySymbol> references)
            {
                if (assemblyName != _assemblyName || !_options.Equals(options) || _references.Length != references.Length)
                {
                    return false;
                }

                for (var i = 0; i < references.Length; i++)
                {
                    if (!ReferenceEquals(_references[i], references[i]))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        private sealed class Shared
        {
            public Shared(WellKnownSymbols? symbols) => Symbols = symbols;

            public WellKnownSymbols? Symbols { get; }
        }

        /// <summary>
        /// A type by its metadata name (<c>Namespace.Type</c>, nested types as <c>Outer+Inner</c>, generic arity as
        /// <c>`1</c>), for names that come from configuration. Cached per compilation.
        /// </summary>
        public INamedTypeSymbol? Resolve(string metadataName)
            => _byName.GetOrAdd(metadataName, name => ResolveIn(_compilation, _fromReferences, name));

        /// <summary>The types of <paramref name="metadataNames"/> that this compilation has.</summary>
        public ImmutableArray<INamedTypeSymbol> ResolveAll(params string[] metadataNames) => ResolveAll((IEnumerable<string>)metadataNames);

        /// <summary>The types of <paramref name="metadataNames"/> that this compilation has.</summary>
        public ImmutableArray<INamedTypeSymbol> ResolveAll(IEnumerable<string> metadataNames)
        {
            var found = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in metadataNames)
            {
                if (Resolve(name) is { } type)
                {
                    found.Add(type);
                }
            }

            return found.ToImmutable();
        }

        /// <summary>Slots of <see cref="ReturnsAwaitable"/>'s answers, one per thread (by its id; a power of two).</summary>
        private const int RecentSlots = 16;

        /// <summary>
        /// The method returns Task, ValueTask (or a type derived from them) or IAsyncEnumerable&lt;T&gt;. Asked for nearly
        /// every call in a method without <c>async</c>: void is ruled out first, then the last method this thread asked
        /// about answers again.
        /// </summary>
        /// <remarks>
        /// The rules see a method's operations one after another, so the calls of one method ask in a row: each thread
        /// keeps its last answer (a slot per thread, so that threads analysing other methods do not evict it), keyed by
        /// the symbol object itself (one object per method and compilation). A table of every method cost more than
        /// working the answer out once per method: an insertion, and the table's growth, per method.
        /// </remarks>
        public bool ReturnsAwaitable(IMethodSymbol method)
        {
            if (method.ReturnsVoid)
            {
                return false;
            }

            ref var slot = ref _recentReturnsAwaitable[System.Threading.Thread.CurrentThread.ManagedThreadId & (RecentSlots - 1)];
            var recent = System.Threading.Volatile.Read(ref slot);
            if (recent != null && ReferenceEquals(recent.Item1, method))
            {
                return recent.Item2;
            }

            var returnType = method.ReturnType;
            var returnsAwaitable = returnType.SpecialType == SpecialType.None
                && (IsTaskLike(returnType) || (returnType.TypeKind == TypeKind.Interface && Is(returnType.OriginalDefinition, AsyncEnumerableOfT)));
            System.Threading.Volatile.Write(ref slot, System.Tuple.Create(method, returnsAwaitable));
            return returnsAwaitable;
        }

        /// <summary>Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt; (or a type derived from Task).</summary>
        public bool IsTaskLike(ITypeSymbol? type)
        {
            // Asked of nearly every method the rules see (its return type, its containing type): void, the primitives,
            // string and object are special types, none of which is or derives from a task; a task is a named class
            // (Task, Task<T> or a type derived from them) or a named struct (ValueTask, ValueTask<T>).
            if (type is not INamedTypeSymbol named || named.SpecialType != SpecialType.None)
            {
                return false;
            }

            if (named.TypeKind == TypeKind.Struct)
            {
                var definition = named.OriginalDefinition;
                return Is(definition, ValueTask) || Is(definition, ValueTaskOfT);
            }

            if (named.TypeKind != TypeKind.Class)
            {
                return false;
            }

            for (var current = named; current != null; current = current.BaseType)
            {
                var original = current.OriginalDefinition;
                if (Is(original, Task) || Is(original, TaskOfT))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Task&lt;T&gt; or ValueTask&lt;T&gt;: the types whose <c>Result</c> blocks.</summary>
        public bool IsTaskWithResult(ITypeSymbol? type)
        {
            var definition = type?.OriginalDefinition;
            return Is(definition, TaskOfT) || Is(definition, ValueTaskOfT);
        }

        /// <summary>The awaiter of a task or a configured task, whose <c>GetResult()</c> blocks.</summary>
        public bool IsTaskAwaiter(ITypeSymbol? type) => IsAny(type, _awaiters);

        public bool IsTask(ITypeSymbol? type) => Is(type?.OriginalDefinition, Task);

        /// <summary><see cref="Task"/> or <see cref="ValueTask"/> (the non-generic ones, whose statics make tasks).</summary>
        public bool IsTaskOrValueTask(ITypeSymbol? type) => Is(type?.OriginalDefinition, Task) || Is(type?.OriginalDefinition, ValueTask);

        /// <summary><c>System.Linq.Enumerable</c> or <c>System.Linq.Queryable</c>.</summary>
        public bool IsLinq(IMethodSymbol method) => Is(method.ContainingType, Enumerable) || Is(method.ContainingType, Queryable);

        /// <summary>The type is a <paramref name="known"/> (compared in definition form, so any construction matches).</summary>
        public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known)
            => known != null && type != null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

        /// <summary>The type is one of <paramref name="known"/>.</summary>
        public static bool IsAny(ITypeSymbol? type, ImmutableArray<INamedTypeSymbol> known)
        {
            if (type == null)
            {
                return false;
            }

            foreach (var candidate in known)
            {
                if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, candidate))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The type is <paramref name="known"/> or derives from it.</summary>
        public static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol? known)
        {
            if (known == null)
            {
                return false;
            }

            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, known))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The type is <paramref name="known"/> or implements it (an interface).</summary>
        public static bool IsOrImplements(ITypeSymbol? type, INamedTypeSymbol? known)
        {
            if (known == null || type == null)
            {
                return false;
            }

            if (Is(type, known))
            {
                return true;
            }

            foreach (var @interface in type.AllInterfaces)
            {
                if (Is(@interface, known))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The type is, or derives from, one of <paramref name="known"/>.</summary>
        public static bool IsOrDerivesFromAny(ITypeSymbol? type, ImmutableArray<INamedTypeSymbol> known)
        {
            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                if (IsAny(current, known))
                {
                    return true;
                }
            }

            return false;
        }

        // The one place allowed to look types up by name (BannedSymbols.txt bans it everywhere else).
#pragma warning disable RS0030
        private static INamedTypeSymbol? ResolveIn(Compilation compilation, ReferenceResolutions fromReferences, string metadataName)
        {
            // The project's own definition is what its code binds to, and what the search below returns too; only
            // without one does the answer depend on the references alone, and then it is shared (see ReferenceResolutions).
            // The names the project declares come from its declarations, shared by every compilation of the same trees:
            // asking for the type itself builds the namespace symbols of a compilation that an analysis request of one
            // file made anew (a third of the rules' start-up per request).
            if (compilation.Assembly.TypeNames.Contains(SimpleName(metadataName))
                && compilation.Assembly.GetTypeByMetadataName(metadataName) is { } own)
            {
                return own;
            }

            return fromReferences.ByName.GetOrAdd(metadataName, name => ResolveAcrossReferences(compilation, name));
        }

        private static readonly char[] NameSeparators = { '.', '+' };

        /// <summary>A type's name as declared, from its metadata name: <c>System.Threading.Tasks.Task`1</c> → <c>Task</c>, <c>Outer+Inner</c> → <c>Inner</c>.</summary>
        private static string SimpleName(string metadataName)
        {
            var start = metadataName.LastIndexOfAny(NameSeparators) + 1;
            var arity = metadataName.IndexOf('`', start);
            return arity < 0 ? metadataName.Substring(start) : metadataName.Substring(start, arity - start);
        }

        private static INamedTypeSymbol? ResolveAcrossReferences(Compilation compilation, string metadataName)
        {
            var unique = compilation.GetTypeByMetadataName(metadataName);
            if (unique != null)
            {
                return unique;
            }

            // Null means absent or defined more than once: take the compilation's own, else the one it can see.
            INamedTypeSymbol? accessible = null;
            foreach (var candidate in compilation.GetTypesByMetadataName(metadataName))
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
                {
                    return candidate;
                }

                if (compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
                {
                    if (accessible != null)
                    {
                        return null;
                    }

                    accessible = candidate;
                }
            }

            return accessible;
        }
#pragma warning restore RS0030

        private static bool HasInstanceMethod(INamedTypeSymbol type, string name, INamedTypeSymbol? singleParameterType)
        {
            if (singleParameterType == null)
            {
                return false;
            }

            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 1 } method
                    && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, singleParameterType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
