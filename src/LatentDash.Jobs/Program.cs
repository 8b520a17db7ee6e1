System.Console.WriteLine("LatentDash CLI");
