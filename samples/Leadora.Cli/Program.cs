// Placeholder entry point; the CLI arrives with the pipeline.
return 0;
