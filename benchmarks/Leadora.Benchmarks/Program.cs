// Placeholder entry point; benchmarks arrive with the pipeline.
return 0;
