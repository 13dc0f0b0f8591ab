using System;
using System.IO;

namespace AsyncGuard.Tests.Repository
{
    /// <summary>Finds files of the repository the tests were built from.</summary>
    internal static class RepositoryLayout
    {
        private static readonly Lazy<string> LazyRoot = new Lazy<string>(FindRoot);

        public static string Root => LazyRoot.Value;

        public static string PathOf(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

        public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

        private static string FindRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "AsyncGuard.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("AsyncGuard.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
