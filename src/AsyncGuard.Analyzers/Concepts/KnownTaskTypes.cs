using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// The task-related types, resolved once per compilation. Analyzers compare symbols against these
    /// instead of comparing names, so a user type that happens to have a <c>Result</c> member is never matched.
    /// </summary>
    internal sealed class KnownTaskTypes
    {
        private readonly ImmutableArray<INamedTypeSymbol> _awaiters;

        private KnownTaskTypes(Compilation compilation, INamedTypeSymbol task, INamedTypeSymbol taskOfT)
        {
            Task = task;
            TaskOfT = taskOfT;
            ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");

            var awaiters = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in new[]
            {
                "System.Runtime.CompilerServices.TaskAwaiter",
                "System.Runtime.CompilerServices.TaskAwaiter`1",
                "System.Runtime.CompilerServices.ValueTaskAwaiter",
                "System.Runtime.CompilerServices.ValueTaskAwaiter`1",
                "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter",
                "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter",
                "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter",
                "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter",
            })
            {
                var type = compilation.GetTypeByMetadataName(name);
                if (type != null)
                {
                    awaiters.Add(type);
                }
            }

            _awaiters = awaiters.ToImmutable();
            HasWaitAsync = HasInstanceMethod(task, "WaitAsync", CancellationToken);
            Parallel = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
            HasParallelForEachAsync = Parallel != null && !Parallel.GetMembers("ForEachAsync").IsEmpty;
        }

        public INamedTypeSymbol Task { get; }

        public INamedTypeSymbol TaskOfT { get; }

        public INamedTypeSymbol? ValueTask { get; }

        public INamedTypeSymbol? ValueTaskOfT { get; }

        public INamedTypeSymbol? CancellationToken { get; }

        public INamedTypeSymbol? Parallel { get; }

        /// <summary><c>Parallel.ForEachAsync</c> exists (.NET 6 and later).</summary>
        public bool HasParallelForEachAsync { get; }

        /// <summary><c>Task.WaitAsync(CancellationToken)</c> exists (.NET 6 and later).</summary>
        public bool HasWaitAsync { get; }

        /// <summary>Returns null when the compilation has no Task type, so there is nothing to analyze.</summary>
        public static KnownTaskTypes? TryCreate(Compilation compilation)
        {
            var task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            var taskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            return task == null || taskOfT == null ? null : new KnownTaskTypes(compilation, task, taskOfT);
        }

        /// <summary>Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt; (or a type derived from Task).</summary>
        public bool IsTaskLike(ITypeSymbol? type)
        {
            if (type == null)
            {
                return false;
            }

            var definition = type.OriginalDefinition;
            if (Is(definition, ValueTask) || Is(definition, ValueTaskOfT))
            {
                return true;
            }

            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
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
        public bool IsTaskAwaiter(ITypeSymbol? type)
        {
            var definition = type?.OriginalDefinition;
            foreach (var awaiter in _awaiters)
            {
                if (Is(definition, awaiter))
                {
                    return true;
                }
            }

            return false;
        }

        public bool IsTask(ITypeSymbol? type) => Is(type?.OriginalDefinition, Task);

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? known)
            => known != null && SymbolEqualityComparer.Default.Equals(type, known);

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
