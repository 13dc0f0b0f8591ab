using Microsoft.CodeAnalysis;

namespace AsyncGuard.Rules
{
    /// <summary>The one place where rule IDs and their descriptors are defined.</summary>
    public static class RuleIds
    {
        public const string BlockingTask = "AG0001";
        public const string AsyncCounterpart = "AG0002";
        public const string InvalidConfiguration = "AG0006";
    }

    /// <summary>Diagnostic categories follow the conventional Roslyn names so severity-by-category config works.</summary>
    internal static class RuleCategories
    {
        public const string Performance = "Performance";
        public const string Reliability = "Reliability";
        public const string Usage = "Usage";
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

        public static readonly DiagnosticDescriptor AsyncCounterpart = new DiagnosticDescriptor(
            RuleIds.AsyncCounterpart,
            title: "Call the async counterpart in async code",
            messageFormat: "'{0}' blocks the calling thread in async code; await '{1}' instead",
            category: RuleCategories.Performance,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A synchronous IO call or sleep inside async code holds a thread-pool thread for its whole duration. "
                + "When the API has an awaitable counterpart with the same parameters, await it instead and pass the "
                + "CancellationToken in scope.",
            helpLinkUri: HelpLinkBase + RuleIds.AsyncCounterpart + ".md");

        public static readonly DiagnosticDescriptor InvalidConfiguration = new DiagnosticDescriptor(
            RuleIds.InvalidConfiguration,
            title: "AsyncGuard configuration entry is not valid",
            messageFormat: "AsyncGuard ignored a configuration entry: {0}",
            category: RuleCategories.Usage,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An .editorconfig option or an AsyncGuard AdditionalFile entry could not be read. The entry is "
                + "ignored and the default applies; the build goes on.",
            helpLinkUri: HelpLinkBase + RuleIds.InvalidConfiguration + ".md",
            customTags: WellKnownDiagnosticTags.CompilationEnd);
    }
}
