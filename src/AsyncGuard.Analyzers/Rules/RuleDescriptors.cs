using Microsoft.CodeAnalysis;

namespace AsyncGuard.Rules
{
    /// <summary>The one place where rule IDs and their descriptors are defined.</summary>
    public static class RuleIds
    {
        public const string BlockingTask = "AG0001";
    }

    /// <summary>Diagnostic categories follow the conventional Roslyn names so severity-by-category config works.</summary>
    internal static class RuleCategories
    {
        public const string Performance = "Performance";
        public const string Reliability = "Reliability";
    }

    public static class RuleDescriptors
    {
        /// <summary>Help links point at the rule page in the repository; tests check the page exists.</summary>
        public const string HelpLinkBase = "https://github.com/asyncguard/asyncguard/blob/main/docs/rules/";

        public static readonly DiagnosticDescriptor BlockingTask = new DiagnosticDescriptor(
            RuleIds.BlockingTask,
            title: "Do not block on a task in async code",
            messageFormat: "'{0}' blocks the calling thread in async code; {1}",
            category: RuleCategories.Performance,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Blocking on a task with .Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll or Task.WaitAny "
                + "inside async code holds a thread-pool thread for the whole operation, which starves the pool under load "
                + "and can deadlock under a synchronization context. Await the task instead.",
            helpLinkUri: HelpLinkBase + RuleIds.BlockingTask + ".md");
    }
}
