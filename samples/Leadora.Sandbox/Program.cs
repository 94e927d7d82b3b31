// Placeholder entry point; the sandbox server is being built on its own branch.
return 0;
