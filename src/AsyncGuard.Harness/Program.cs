Console.WriteLine("harness");
