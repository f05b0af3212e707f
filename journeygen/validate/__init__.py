"""Sources -> the typed Site, every problem a diagnostic; the audience filter; earlier versions."""
