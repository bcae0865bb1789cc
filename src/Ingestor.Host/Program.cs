using Ingestor.Host.Cli;

return await CliApp.RunAsync(args);
