using Leadora.Cli;

return await CliApp.RunAsync(args);
