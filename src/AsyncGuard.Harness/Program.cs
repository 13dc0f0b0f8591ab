// The AsyncGuard runtime harness: measures, on real loopback HTTP traffic, what async mistakes cost and what
// AsyncGuard's fixes buy, claim by claim. Usage: [--quick] [--out folder]
using AsyncGuard.Harness;

if (args.Length == 1 && args[0] == ServerProcess.ServeArgument)
{
    return await ServerProcess.ServeAsync();
}

if (args.Length == 4 && args[0] == FreshProcessRun.Argument)
{
    return await FreshProcessRun.RunAsync(args);
}

var options = HarnessOptions.Parse(args, Console.Error, out var ok);
if (!ok)
{
    return 2;
}

await HarnessRunner.RunAsync(options, Console.Out);
return 0;
