// OrderDesk: a small order service. `dotnet run -- --self-test` exercises every part in-process and prints
// deterministic results; without it, it serves the minimal API.
using OrderDesk;

if (args.Contains("--self-test"))
{
    await SelfTest.RunAsync(Console.Out);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<OrderStore>();
builder.Services.AddHttpClient<PriceCrawler>();
builder.Services.AddHostedService<ReminderWorker>();
var app = builder.Build();
OrderHandlers.Map(app);
app.Run();
