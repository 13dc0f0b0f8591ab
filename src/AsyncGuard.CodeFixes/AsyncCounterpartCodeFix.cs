using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
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
                diagnostic => diagnostic.Properties.TryGetValue(FixProperties.AsyncName, out var name) && name != null ? "Await '" + name + "'" : null,
                ApplyAsync,
                "Await the async counterparts"),
                DualAsyncCounterpartFix.Shape,
                AwaitUsingFix.Shape)
        {
        }

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncCounterpart);

        private static Task ApplyAsync(SyntaxEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(FixProperties.AsyncName, out var asyncName) || asyncName == null
                || editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call)
            {
                return Task.CompletedTask;
            }

            editor.ReplaceNode(call, (current, _) =>
                Rewrite((InvocationExpressionSyntax)current, asyncName, properties) ?? current);

            if (properties.TryGetValue(FixProperties.AwaitUsing, out var awaitUsing) && awaitUsing == "true")
            {
                var holder = call.Parent?.Parent?.Parent?.Parent;
                if (holder is LocalDeclarationStatementSyntax or UsingStatementSyntax)
                {
                    editor.ReplaceNode(holder, (current, _) => AddAwaitToUsing(current));
                }
            }

            return Task.CompletedTask;
        }

        /// <summary><c>M(args)</c> → <c>(await MAsync(args, token))</c>, with the replacement type and token the analyzer put in <paramref name="properties"/>.</summary>
        internal static ExpressionSyntax? Rewrite(InvocationExpressionSyntax call, string asyncName, ImmutableDictionary<string, string?> properties)
        {
            properties.TryGetValue(FixProperties.ReplacementType, out var replacementType);
            properties.TryGetValue(FixProperties.CancellationToken, out var token);
            properties.TryGetValue(FixProperties.CancellationParameterName, out var tokenParameter);
            return Rewrite(call, asyncName, replacementType, token, tokenParameter);
        }

        private static ExpressionSyntax? Rewrite(InvocationExpressionSyntax call, string asyncName, string? replacementType, string? token, string? tokenParameter)
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

            var arguments = call.ArgumentList;
            if (token != null)
            {
                var tokenExpression = SyntaxFactory.ParseExpression(token).WithAdditionalAnnotations(Simplifier.Annotation);
                var argument = SyntaxFactory.Argument(tokenExpression);
                if (tokenParameter != null && arguments.Arguments.Any(a => a.NameColon != null))
                {
                    argument = argument.WithNameColon(SyntaxFactory.NameColon(tokenParameter));
                }

                arguments = arguments.WithArguments(arguments.Arguments.Add(argument));
            }

            var asyncCall = call.WithExpression(callee).WithArgumentList(arguments).WithoutTrivia();
            return AwaitSyntax.Await(asyncCall).WithTriviaFrom(call);
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
