using System;
using System.Collections.Generic;
using System.Linq;
using AsyncGuard.CodeFixes;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Tests.Repository
{
    /// <summary>The analyzers and code fixes the package ships, found by reflection: a new one is included without being listed.</summary>
    internal static class PackageTypes
    {
        public static IEnumerable<Type> Analyzers()
            => typeof(RuleDescriptors).Assembly.GetTypes().Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type));

        public static IEnumerable<Type> CodeFixes()
            => typeof(BlockingTaskCodeFix).Assembly.GetTypes().Where(type => !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type));
    }
}
