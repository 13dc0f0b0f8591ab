using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace AsyncGuard.Tests.EndToEnd
{
    /// <summary>Runs the dotnet CLI as a user would, in a clean environment, and captures what it prints.</summary>
    internal static class DotnetCli
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

        public static (int ExitCode, string Output) Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // The test host runs under MSBuild/VSTest variables that would steer a child build to the wrong
            // SDK pieces; a user's shell has none of them.
            foreach (var key in new List<string>(start.Environment.Keys))
            {
                if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                    || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                    || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
                {
                    start.Environment.Remove(key);
                }
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            if (environment != null)
            {
                foreach (var pair in environment)
                {
                    start.Environment[pair.Key] = pair.Value;
                }
            }

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet " + string.Join(" ", arguments) + " did not finish in " + Timeout + "\n" + output);
            }

            process.WaitForExit();
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }
    }
}
