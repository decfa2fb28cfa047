"""One module per command, shared by the CLI and Python callers."""
