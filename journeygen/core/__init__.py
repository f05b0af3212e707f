"""The ground floor: diagnostics, limits, interface text, worker processes."""
