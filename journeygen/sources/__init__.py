"""Reading a project's files: config, front matter, YAML with positions, CSV rows, assets."""
