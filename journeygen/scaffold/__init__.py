"""Starting a project: `journeygen new` and its starters, `journeygen import`."""
