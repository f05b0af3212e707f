"""What one build keeps for the next: in memory (serve) and on disk (build)."""
