using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Concepts;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncGuard.CodeFixes
{
    /// <summary>AG0002: <c>M(args)</c> → <c>await MAsync(args, token)</c>, as the analyzer worked it out.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncCounterpartCodeFix)), Shared]
    public sealed class AsyncCounterpartCodeFix : DiagnosticEditCodeFix
    {
        public AsyncCounterpartCodeFix()
            : base(
                RuleIds.AsyncCounterpart,
                new FixShape(
                nameof(AsyncCounterpartCodeFix),
                diagnostic => diagnostic.Properties.TryGetValue(FixProperties.FixKind, out var kind) && kind == CounterpartFixKinds.AwaitCounterpart
                              && diagnostic.Properties.TryGetValue(FixProperties.AsyncName, out var name) && name != null
                              && !MakeAsyncFix.Requested(diagnostic)
                    ? "Await '" + name + "'"
                    : null,
                ApplyAsync,
                "Await the async counterparts"),
                DualAsyncCounterpartFix.Shape,
                AwaitUsingFix.Shape,
                ConditionalDisposalFix.Shape,
                MakeAsyncFix.Shape(nameof(AsyncCounterpartCodeFix) + ".MakeAsync", ApplyAsync))
        {
        }

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncCounterpart);

        private static Task<bool> ApplyAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(FixProperties.AsyncName, out var asyncName) || asyncName == null
                || editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call)
            {
                return Task.FromResult(false);
            }

            properties.TryGetValue(FixProperties.ReplacementType, out var replacementType);
            properties.TryGetValue(FixProperties.CancellationToken, out var token);
            properties.TryGetValue(FixProperties.CancellationParameterName, out var tokenParameter);
            var nameToken = tokenParameter != null && call.ArgumentList.Arguments.Any(a => a.NameColon != null);
            // The Memory overload only where the target framework has it (not on netstandard2.0 or .NET Framework).
            var memory = UsesArraySegment(editor.SemanticModel, call, asyncName, cancellationToken)
                && BoundCall(editor.SemanticModel, call, Rewrite(call, asyncName, replacementType, token, tokenParameter, nameToken: false, memory: true)) != null;

            // A token passed by position binds only when no optional parameter precedes it
            // (JsonSerializer.SerializeAsync(stream, value, options = null, cancellationToken)): try the call as it
            // would be written, on the original code, and name the argument when it does not bind.
            if (token != null && tokenParameter != null && !call.ArgumentList.Arguments.Any(a => a.NameColon != null)
                && BoundCall(editor.SemanticModel, call, Rewrite(call, asyncName, replacementType, token, tokenParameter, nameToken: false, memory)) == null)
            {
                nameToken = true;
            }

            // Follow the code's ConfigureAwait(false) convention, where the counterpart returns a Task or ValueTask.
            if (Rewrite(call, asyncName, replacementType, token, tokenParameter, nameToken, memory) is not ParenthesizedExpressionSyntax { Expression: AwaitExpressionSyntax { Expression: var final } } original)
            {
                return Task.FromResult(false);
            }

            // A type written qualified (`Vendor.SyncApi.Get()`) keeps the code's style (`Vendor.AsyncApi.FetchAsync()`);
            // one written by its simple name (`Thread.Sleep`) gets the using its replacement needs (`Task.Delay`).
            var import = call.Expression is not MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax };

            var configureAwait = AwaitSyntax.FollowsConfigureAwaitFalse(call)
                && BoundCall(editor.SemanticModel, call, original) is { } counterpart
                && WellKnownSymbols.For(editor.SemanticModel.Compilation) is { } types
                && types.IsTaskLike(counterpart.ReturnType);

            editor.ReplaceNode(call, (current, _) =>
                Rewrite((InvocationExpressionSyntax)current, asyncName, replacementType, token, tokenParameter, nameToken, memory, configureAwait) is { } rewritten
                    ? ShortNames.Apply(pass, call, rewritten, import)
                    : current);

            if (properties.TryGetValue(FixProperties.AwaitUsing, out var awaitUsing) && awaitUsing == "true")
            {
                var holder = call.Parent?.Parent?.Parent?.Parent;
                if (holder is LocalDeclarationStatementSyntax or UsingStatementSyntax)
                {
                    editor.ReplaceNode(holder, (current, _) => AddAwaitToUsing(current));
                }
            }

            return Task.FromResult(true);
        }

        /// <summary><c>M(args)</c> → <c>(await MAsync(args, token))</c>, with the replacement type and token the analyzer put in <paramref name="properties"/>.</summary>
        internal static ExpressionSyntax? Rewrite(InvocationExpressionSyntax call, string asyncName, ImmutableDictionary<string, string?> properties)
        {
            properties.TryGetValue(FixProperties.ReplacementType, out var replacementType);
            properties.TryGetValue(FixProperties.CancellationToken, out var token);
            properties.TryGetValue(FixProperties.CancellationParameterName, out var tokenParameter);
            var nameToken = tokenParameter != null && call.ArgumentList.Arguments.Any(a => a.NameColon != null);
            return Rewrite(call, asyncName, replacementType, token, tokenParameter, nameToken, memory: false);
        }

        /// <summary>The method the rewritten call (<c>(await MAsync(..))</c>) binds to where the original call stands, or null.</summary>
        private static IMethodSymbol? BoundCall(SemanticModel model, InvocationExpressionSyntax call, ExpressionSyntax? rewritten)
            => rewritten is ParenthesizedExpressionSyntax { Expression: AwaitExpressionSyntax { Expression: var asyncCall } }
                ? model.GetSpeculativeSymbolInfo(call.SpanStart, asyncCall, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol
                : null;

        /// <summary>
        /// <c>stream.Read(buffer, offset, count)</c> on a Stream: its async form takes the Memory overload, the one
        /// streams implement best (<c>ReadAsync(buffer.AsMemory(offset, count), ct)</c>, or <c>ReadAsync(buffer, ct)</c>
        /// for the whole array).
        /// </summary>
        private static bool UsesArraySegment(SemanticModel model, InvocationExpressionSyntax call, string asyncName, CancellationToken cancellationToken)
            => asyncName is "ReadAsync" or "WriteAsync"
                && call.ArgumentList.Arguments.Count == 3
                && call.ArgumentList.Arguments.All(a => a.NameColon == null)
                && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { Parameters.Length: 3 } method && method.Parameters[0].Type is IArrayTypeSymbol
                && WellKnownSymbols.IsOrDerivesFrom(method.ContainingType, WellKnownSymbols.For(model.Compilation)?.Stream);

        private static ArgumentListSyntax MemoryArguments(ArgumentListSyntax arguments)
        {
            var buffer = arguments.Arguments[0].Expression;
            var offset = arguments.Arguments[1].Expression;
            var count = arguments.Arguments[2].Expression;
            var wholeArray = offset is LiteralExpressionSyntax { Token.ValueText: "0" }
                && count is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } length
                && buffer is IdentifierNameSyntax && length.Expression.IsEquivalentTo(buffer);
            var memory = wholeArray
                ? buffer.WithoutTrivia()
                : SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, buffer.WithoutTrivia(), SyntaxFactory.IdentifierName("AsMemory")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(offset.WithoutTrivia()), SyntaxFactory.Argument(count.WithoutTrivia()) })));
            return arguments.WithArguments(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(memory)));
        }

        private static ExpressionSyntax? Rewrite(InvocationExpressionSyntax call, string asyncName, string? replacementType, string? token, string? tokenParameter, bool nameToken, bool memory, bool configureAwait = false)
        {
            ExpressionSyntax? callee = call.Expression switch
            {
                MemberAccessExpressionSyntax memberAccess when replacementType == null
                    => memberAccess.WithName(Rename(memberAccess.Name, asyncName)),
                MemberAccessExpressionSyntax memberAccess
                    => QualifiedCallee(replacementType, Rename(memberAccess.Name, asyncName)),
                SimpleNameSyntax name when replacementType == null
                    => Rename(name, asyncName),
                SimpleNameSyntax name
                    => QualifiedCallee(replacementType, Rename(name, asyncName)),
                _ => null,
            };

            if (callee == null)
            {
                return null;
            }

            var arguments = memory && call.ArgumentList.Arguments.Count == 3 ? MemoryArguments(call.ArgumentList) : call.ArgumentList;
            if (token != null)
            {
                var tokenExpression = SyntaxFactory.ParseExpression(token).WithAdditionalAnnotations(Simplifier.Annotation);
                var argument = SyntaxFactory.Argument(tokenExpression);
                if (tokenParameter != null && nameToken)
                {
                    argument = argument.WithNameColon(SyntaxFactory.NameColon(tokenParameter));
                }

                arguments = arguments.WithArguments(arguments.Arguments.Add(argument));
            }

            var asyncCall = call.WithExpression(callee).WithArgumentList(arguments).WithoutTrivia();
            return AwaitSyntax.Await(asyncCall, configureAwait).WithTriviaFrom(call);
        }

        private static SimpleNameSyntax Rename(SimpleNameSyntax name, string newName)
            => name switch
            {
                GenericNameSyntax generic => generic.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(generic.Identifier)),
                _ => SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(newName).WithTriviaFrom(name.GetFirstToken())),
            };

        /// <summary><c>global::System.Threading.Tasks.Task.Delay</c>, simplified to <c>Task.Delay</c> where the usings allow.</summary>
        private static ExpressionSyntax QualifiedCallee(string type, SimpleNameSyntax name)
            => SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseExpression(type),
                    name.WithoutTrivia())
                .WithAdditionalAnnotations(Simplifier.Annotation);

        internal static SyntaxNode AddAwaitToUsing(SyntaxNode holder)
        {
            var awaitKeyword = SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            switch (holder)
            {
                case LocalDeclarationStatementSyntax local when local.AwaitKeyword.IsKind(SyntaxKind.None):
                    return local
                        .WithUsingKeyword(local.UsingKeyword.WithLeadingTrivia())
                        .WithAwaitKeyword(awaitKeyword.WithLeadingTrivia(local.UsingKeyword.LeadingTrivia));
                case UsingStatementSyntax usingStatement when usingStatement.AwaitKeyword.IsKind(SyntaxKind.None):
                    return usingStatement
                        .WithUsingKeyword(usingStatement.UsingKeyword.WithLeadingTrivia())
                        .WithAwaitKeyword(awaitKeyword.WithLeadingTrivia(usingStatement.UsingKeyword.LeadingTrivia));
                default:
                    return holder;
            }
        }
    }
}
