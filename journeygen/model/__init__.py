"""The typed, immutable site and the content format users write (schema, presets, channels)."""
