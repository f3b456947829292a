"""One module per annotation tool: its task format, its config files and its export reader."""
