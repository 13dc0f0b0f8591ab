using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.Concepts
{
    /// <summary>How a method is used by name in a piece of code (its type's declarations, or a local function's enclosing member).</summary>
    [Flags]
    internal enum MethodUse
    {
        None = 0,

        /// <summary><c>M(..)</c> or <c>x.M(..)</c>, outside a lambda that is subscribed to an event.</summary>
        DirectCall = 1,

        /// <summary><c>x.Event += M</c>, <c>+= new Handler(M)</c>, <c>-= M</c>: the method is an event (or delegate) handler.</summary>
        Subscription = 2,

        /// <summary>Any other mention: a method group handed to someone (<c>new Timer(M)</c>, <c>Action a = M;</c>, <c>Register(M)</c>).</summary>
        OtherReference = 4,

        /// <summary>
        /// <c>x.Event += (s, e) =&gt; M(s, e);</c>: the lambda is the handler and M what it runs. That lambda could await
        /// a Task-returning M, so only a method of the handler shape counts as a handler through it.
        /// </summary>
        CallFromSubscribedLambda = 8,
    }

    /// <summary>
    /// Uses of methods read from syntax, by name. Syntax, not symbols: subscriptions sit in every part of a partial type,
    /// generated ones included (a designer file, XAML's generated <c>Connect</c>), which operation callbacks do not visit.
    /// A name shared by two members makes both look used the same way, which only ever errs toward treating a method as
    /// a handler.
    /// </summary>
    internal static class MethodUses
    {
        /// <summary>The uses of the name <paramref name="name"/> in <paramref name="roots"/>.</summary>
        public static MethodUse Of(string name, IEnumerable<SyntaxNode> roots, CancellationToken cancellationToken)
        {
            var uses = MethodUse.None;
            foreach (var root in roots)
            {
                foreach (var token in SyntaxShapes.IdentifiersNamed(root, name, cancellationToken))
                {
                    if (token.Parent is SimpleNameSyntax mention)
                    {
                        uses |= Classify(mention);
                    }
                }
            }

            return uses;
        }

        /// <summary>The syntax of every part of <paramref name="type"/>, generated parts included.</summary>
        public static IEnumerable<SyntaxNode> DeclarationsOf(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                yield return reference.GetSyntax(cancellationToken);
            }
        }

        private static MethodUse Classify(SimpleNameSyntax name)
        {
            // The name of a member access is the use; the receiver alone is not (in `M.X`, M is not a method).
            ExpressionSyntax mention = name;
            if (name.Parent is MemberAccessExpressionSyntax memberAccess)
            {
                if (memberAccess.Name != name)
                {
                    return MethodUse.None;
                }

                mention = memberAccess;
            }
            else if (name.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax || IsInNameOf(name) || IsDeclarationOrType(name))
            {
                return MethodUse.None;
            }

            switch (mention.Parent)
            {
                case InvocationExpressionSyntax invocation when invocation.Expression == mention:
                    return IsInSubscribedLambda(invocation) ? MethodUse.CallFromSubscribedLambda : MethodUse.DirectCall;
                case AssignmentExpressionSyntax assignment when assignment.Right == mention && IsSubscription(assignment):
                    return MethodUse.Subscription;
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }
                    when creation.Parent is AssignmentExpressionSyntax assignment && assignment.Right == creation && IsSubscription(assignment):
                    return MethodUse.Subscription;
                default:
                    return MethodUse.OtherReference;
            }
        }

        private static bool IsSubscription(AssignmentExpressionSyntax assignment)
            => assignment.IsKind(SyntaxKind.AddAssignmentExpression) || assignment.IsKind(SyntaxKind.SubtractAssignmentExpression);

        /// <summary><c>x.Event += (s, e) =&gt; M(s, e);</c>: the lambda is the handler, and M is what it runs.</summary>
        private static bool IsInSubscribedLambda(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax function)
                {
                    return function.Parent is AssignmentExpressionSyntax assignment && assignment.Right == function && IsSubscription(assignment);
                }

                if (current is MemberDeclarationSyntax or LocalFunctionStatementSyntax)
                {
                    return false;
                }
            }

            return false;
        }

        private static bool IsInNameOf(SyntaxNode node)
        {
            for (var current = node.Parent; current != null && current is not StatementSyntax and not MemberDeclarationSyntax; current = current.Parent)
            {
                if (current is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Names in type positions (a parameter's or variable's type, a base list, a generic argument) name types, not methods.</summary>
        private static bool IsDeclarationOrType(SimpleNameSyntax name)
            => name.Parent is TypeArgumentListSyntax or BaseTypeSyntax or ParameterSyntax or VariableDeclarationSyntax or ObjectCreationExpressionSyntax
                or TypeConstraintSyntax or CastExpressionSyntax or TypeOfExpressionSyntax or NullableTypeSyntax or ArrayTypeSyntax
                or ExplicitInterfaceSpecifierSyntax or AttributeSyntax or DeclarationExpressionSyntax or DeclarationPatternSyntax or TypePatternSyntax;
    }
}
