"""`journeygen serve`: the preview server, the watcher, live reload."""
